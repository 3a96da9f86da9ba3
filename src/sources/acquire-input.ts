import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/load.js';
import type { NamedSource } from '../config/schema.js';
import { formatSize } from '../config/size.js';
import { InputError } from '../errors.js';
import { AtomicFile } from '../util/atomic-write.js';
import { commandEnv } from '../util/command-env.js';
import { describeEnd, describeFailure, describeStop, formatArgv, runCommand } from '../util/run-command.js';
import { ensureRealDir } from '../util/safe-fs.js';
import type { Transcript } from '../util/transcript.js';
import type { Workspace } from '../workspace.js';

/**
 * A path source's file, or a command source's stdout saved to
 * runs/DAY/inputs/<source>: the command writes straight into a temporary
 * file (util/atomic-write.ts), renamed into place only when it succeeded.
 * The command gets the allow-listed environment (src/util/command-env.ts)
 * and is stopped, its import failed, when it runs past its timeout or
 * prints more than its max_output.
 */
export async function acquireInput(
  ws: Workspace,
  config: Config,
  src: NamedSource,
  opts: { readonly clock: () => Date; readonly transcript: Transcript },
): Promise<{ file: string; capturedAt: number }> {
  if (src.path !== undefined) {
    const file = resolve(ws.dir, src.path);
    if (!existsSync(file)) throw new InputError({ file }, 'no such file (check sources.' + src.name + '.path)');
    return { file, capturedAt: 0 }; // the caller uses the file's mtime
  }
  const argv = src.command!;
  ensureRealDir(ws.inputsDir);
  const saved = join(ws.inputsDir, src.name);
  const out = AtomicFile.create(saved);
  let result;
  try {
    opts.transcript.write('import', `${src.name}: running ${formatArgv(argv)}`);
    const copied = opts.transcript.commandOutput();
    result = await runCommand(argv, {
      cwd: ws.dir,
      env: commandEnv(process.env, [...config.env, ...src.env], { BREAKFIX_SOURCE: src.name, BREAKFIX_DAY: ws.day, BREAKFIX_WORKSPACE: ws.dir }),
      timeoutSeconds: src.timeout,
      stdoutFd: out.fd,
      maxOutputBytes: src.max_output,
      onOutput: copied.write,
    });
    copied.end();
    opts.transcript.write('import', `${src.name}: ${describeEnd(result, src.timeout)}`);
  } catch (err) {
    out.abort();
    throw err;
  }
  const failure = describeFailure(result, src.timeout);
  if (failure !== null) {
    out.abort();
    if (result.outputLimitExceeded) {
      throw new InputError(
        { file: `command ${formatArgv(argv)}` },
        `source ${src.name} printed more than ${formatSize(src.max_output)} (sources.${src.name}.max_output) and was stopped: ${describeStop(result)}; nothing of it was imported. ` +
          `Raise sources.${src.name}.max_output if it really prints that much.`,
      );
    }
    throw new InputError({ file: `command ${formatArgv(argv)}` }, failure);
  }
  // Parsed at once by this process; a crash before the import commits re-runs the command anyway.
  out.commit({ fsync: false });
  return { file: saved, capturedAt: Math.floor(opts.clock().getTime() / 1000) };
}
