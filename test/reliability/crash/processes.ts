import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Reads what a growing file gained since the last call (the transcript:
 * a pass appends a line as each step ends). Cheap enough to call every few
 * milliseconds: it reads only the new bytes.
 */
export class FileTail {
  private offset: number;
  private text = '';

  constructor(private readonly file: string) {
    this.offset = existsSync(file) ? statSync(file).size : 0;
  }

  /** Everything appended since construction. */
  read(): string {
    if (!existsSync(this.file)) return this.text;
    const size = statSync(this.file).size;
    if (size > this.offset) {
      const buf = Buffer.alloc(size - this.offset);
      const fd = openSync(this.file, 'r');
      try {
        readSync(fd, buf, 0, buf.length, this.offset);
      } finally {
        closeSync(fd);
      }
      this.offset = size;
      this.text += buf.toString('utf8');
    }
    return this.text;
  }
}

/**
 * Processes still running a command breakfix started for this workspace:
 * breakfix gives its action commands BREAKFIX_WORKSPACE, and a kill -9 of
 * breakfix leaves them running (as it would on a real machine). The harness
 * waits for them before it looks at the world, so a command's late effects
 * are not mistaken for the recovery pass's.
 */
export function commandsStillRunning(ws: string): number[] {
  const marker = Buffer.from(`\0BREAKFIX_WORKSPACE=${ws}\0`);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`)]);
      if (env.includes(marker)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

export async function waitForCommands(ws: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (commandsStillRunning(ws).length > 0) {
    if (Date.now() > deadline) throw new Error(`commands started for ${ws} still running after ${timeoutMs} ms: ${commandsStillRunning(ws).join(', ')}`);
    await sleep(20);
  }
}
