import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import Database from 'better-sqlite3';

/** What the numbers were measured on: they mean little without it. */
export function describeMachine(): string[] {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line !== undefined) cpu = line.split(':')[1]!.trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  const first = (argv: string[]) => {
    try {
      return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
    } catch {
      return 'unavailable';
    }
  };
  const db = new Database(':memory:');
  const embedded = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return [
    `CPU: ${cpu}, ${cpus().length} cores`,
    `memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `node ${process.version}; SQLite ${embedded} (better-sqlite3, in breakfix); sqlite3 CLI ${first(['sqlite3', '--version']).split(' ')[0]}`,
    `${first(['sort', '--version'])}; awk: ${first(['awk', '-W', 'version'])}`,
  ];
}
