/**
 * A failure the sim CLI reports as one line on stderr with an exit code:
 * 1 for a failed command (unknown host, missing state), 2 for a wrong command
 * line. Anything else thrown is a bug and shows its stack.
 */
export class SimError extends Error {
  override readonly name = 'SimError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
