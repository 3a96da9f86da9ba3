import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Integration tests drive the built programs (dist/bundle/, and dist/src/ for
 * tests that start worker threads from compiled modules), so build them once
 * before any test runs: `npm run build`'s two steps. tsc still emits when a
 * file has type errors; those are reported by `npm run typecheck`, not here,
 * so a half-finished module elsewhere does not stop unrelated tests.
 */
export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? '');
    process.stderr.write(`warning: tsc reported errors while building dist/ for the tests:\n${out.split('\n').slice(0, 10).join('\n')}\n`);
  }
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
}
