import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../reliability/figures.js';
import { prepareTemplate } from './base-workspace.js';
import { CASES } from './cases.js';
import { CASE_RSS_LIMIT_KIB, CASE_TIME_LIMIT_MS, expectedLocation, runCase } from './run-case.js';

/**
 * The bad-input corpus through the built CLI: each hostile input makes the
 * command exit non-zero with an error naming the file (and line or JSON
 * path) and what is wrong, in bounded time and memory, and every earlier
 * day's and import's data, export and plan is exactly as it was.
 * `npm test` runs the cases marked fast; `npm run test:corpus` all of them.
 */
const selected = process.env['BREAKFIX_CORPUS'] === 'all' ? CASES : CASES.filter((c) => c.fast === true);

/** What the cases run showed, for the reliability figures (npm run test:reliability). */
const tally = { tried: 0, clear: 0, lost: 0, overBounds: 0, kinds: new Set<string>() };

describe('bad-input corpus', () => {
  let template = '';
  beforeAll(() => {
    template = prepareTemplate();
  });
  afterAll(() => {
    if (template !== '') rmSync(template, { recursive: true, force: true });
    recordFigures('bad-input', {
      part: 'bad input',
      order: 1,
      figures: [
        { figure: 'inputs tried', value: tally.tried, ...(selected === CASES ? { atLeast: 60 } : {}) },
        { figure: 'rejected with a clear error', value: tally.clear, equals: 'inputs tried' },
        { figure: 'data lost', value: tally.lost, zero: true },
        { figure: 'past the time or memory bound', value: tally.overBounds, zero: true },
      ],
      notes: [`${tally.tried} cases over ${tally.kinds.size} kinds (${[...tally.kinds].sort().join(', ')}); each within ${CASE_TIME_LIMIT_MS / 1000} s and ${CASE_RSS_LIMIT_KIB / 1024} MiB peak RSS`],
    });
  });

  it('has at least 60 cases with unique ids, covering every source kind', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    const kinds = new Set(CASES.map((c) => c.kind.split(' ')[0]));
    for (const k of ['inventory', 'hostlist', 'table', 'metrics', 'hdfs-report', 'hdfs-jmx', 'hdfs-hosts', 'yarn-nodes', 'yarn-rest', 'config', 'view', 'cli']) expect(kinds).toContain(k);
  });

  it.each(selected.map((c) => [c.id, c] as const))('%s: exits non-zero naming the file and the problem, and loses nothing', async (_id, c) => {
    const o = await runCase(template, c);
    tally.tried++;
    tally.kinds.add(c.kind.split(' ')[0]!);
    if (o.clear && o.errorLine !== undefined) tally.clear++;
    if (o.lost.length > 0) tally.lost++;
    if (o.run.timedOut || (o.run.peakRssKib ?? 0) >= CASE_RSS_LIMIT_KIB) tally.overBounds++;
    const where = `${c.what}\n--- stdout\n${o.run.stdout.slice(0, 3000)}\n--- stderr\n${o.run.stderr.slice(0, 3000)}`;
    expect(o.run.timedOut, `ran past ${CASE_TIME_LIMIT_MS} ms`).toBe(false);
    expect(o.run.code, where).toBe(c.expect.code);
    expect(o.errorLine, `no line naming ${expectedLocation(c, o.dir) ?? '(no file)'} and "${c.expect.problem}"\n${where}`).toBeDefined();
    expect(o.clear, `a crash, not a clear error\n${where}`).toBe(true);
    expect(o.lost, 'earlier data changed').toEqual([]);
    if (o.run.peakRssKib !== undefined) expect(o.run.peakRssKib).toBeLessThan(CASE_RSS_LIMIT_KIB);
  });
});
