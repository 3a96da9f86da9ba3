import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE } from '../config/load.js';
import { STARTER_CONFIG, STARTER_EXCLUDED, STARTER_HDFS_REPORT, STARTER_INVENTORY, STARTER_QUERIES } from '../config/starter.js';
import { UsageError } from '../errors.js';
import { LAYOUT } from '../workspace.js';

/** `breakfix init [DIR]`: scaffold a workspace. Never overwrites a file unless forced. */
export function initWorkspace(dir: string, force: boolean): { dir: string; written: string[] } {
  const root = resolve(dir);
  const files: [string, string][] = [
    [CONFIG_FILE, STARTER_CONFIG],
    [join('inputs', 'inventory.tsv'), STARTER_INVENTORY],
    [join('inputs', 'excluded'), STARTER_EXCLUDED],
    [join('inputs', 'hdfs-dwh.report'), STARTER_HDFS_REPORT],
    ...Object.entries(STARTER_QUERIES).map(([name, sql]): [string, string] => [join(LAYOUT.queries, name), sql]),
  ];
  const existing = files.map(([f]) => f).filter((f) => existsSync(join(root, f)));
  if (existing.length > 0 && !force) {
    throw new UsageError(`${root}: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; use --force to overwrite`);
  }
  for (const [file, text] of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return { dir: root, written: files.map(([f]) => f) };
}
