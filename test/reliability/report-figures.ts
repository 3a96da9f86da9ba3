import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { FIGURES_DIR_ENV, formatFigures, readFigures, unmetRequirements } from './figures.js';

/**
 * vitest global setup of `npm run test:reliability`: after every test file
 * has run, print the figures each part recorded, write them to
 * $BREAKFIX_FIGURES_OUT (Markdown) when set, and fail the run when a
 * requirement is not met (a count that must be 0 is not, fewer kills than
 * asked for, an input not rejected clearly).
 */
export default function setup(): () => void {
  return () => {
    const dir = process.env[FIGURES_DIR_ENV];
    if (dir === undefined || !existsSync(dir)) return;
    const parts = readFigures(dir);
    rmSync(dir, { recursive: true, force: true });
    const table = formatFigures(parts);
    process.stdout.write(`\nbreakfix reliability figures\n\n${table}\n\n`);
    const out = process.env['BREAKFIX_FIGURES_OUT'];
    if (out !== undefined && out !== '') writeFileSync(out, table + '\n');
    const unmet = unmetRequirements(parts);
    const missing = ['bad input', 'fuzzing', 'crash injection', 'contention', 'planted links', 'control characters'].filter((p) => !parts.some((x) => x.part === p));
    if (unmet.length > 0 || missing.length > 0) {
      throw new Error(`reliability requirements not met:\n${[...unmet, ...missing.map((p) => `${p}: recorded no figures (did its tests run?)`)].join('\n')}`);
    }
  };
}
