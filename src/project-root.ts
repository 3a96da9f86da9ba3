import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's own top-level directories (package.json, migrations/,
 * queries/), found from this module: the same from dist/bundle/ and from
 * tsc's dist/src/. A module of its own so that the CLI's entry point can
 * read its version without loading the database driver.
 */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find breakfix's project root above ${from}`);
    dir = up;
  }
}
