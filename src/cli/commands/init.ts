import type { Command } from 'commander';
import { initWorkspace } from '../../ops/init.js';
import { globalsOf, printJson, type Io } from '../io.js';

export function registerInit(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('scaffold a workspace: a commented breakfix.yaml, example inputs and queries')
    .argument('[dir]', 'directory to create the workspace in', '.')
    .option('--force', 'overwrite existing files')
    .action((dir: string, opts: { force?: boolean }, cmd: Command) => {
      const result = initWorkspace(dir, opts.force === true);
      if (globalsOf(cmd).json) printJson(io, result);
      else {
        io.out(`created workspace ${result.dir}\n${result.written.map((f) => `  ${f}\n`).join('')}`);
        io.out(`next: breakfix -C ${dir} check && breakfix -C ${dir} pass\n`);
      }
      setExit(0);
    });
}
