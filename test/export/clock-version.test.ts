import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { windowHolds, windowKey, type ClockWindow } from '../../src/export/clock-version.js';
import { exportViews } from '../../src/export/export-views.js';
import { viewLines } from '../../src/export/view-lines.js';
import { writeSettings } from '../../src/db/settings.js';
import { createViews, loadViews } from '../../src/views/create-views.js';
import { TestWorkspace } from '../helpers/import.js';

/** The window of sample times around a cutoff, as clock-version.ts reads it from metric_samples. */
function windowOf(times: readonly number[], cutoff: number): ClockWindow {
  const below = times.filter((t) => t < cutoff);
  const above = times.filter((t) => t >= cutoff);
  return { below: below.length ? Math.max(...below) : null, atOrAbove: above.length ? Math.min(...above) : null };
}

describe('clock windows', () => {
  it('two cutoffs with the same key see the same samples as older, and a window holds exactly for those cutoffs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }), fc.integer({ min: -5, max: 55 }), fc.integer({ min: -5, max: 55 }), (times, c1, c2) => {
        const older = (c: number) => JSON.stringify(times.filter((t) => t < c).sort());
        const w1 = windowOf(times, c1);
        const sameKey = windowKey(w1) === windowKey(windowOf(times, c2));
        expect(sameKey).toBe(older(c1) === older(c2));
        expect(windowHolds(w1, c2)).toBe(older(c1) === older(c2));
      }),
    );
  });
});

const T = 1714564800; // 2024-05-01T12:00:00Z
const HOSTS = ['dn1', 'dn2', 'dn3', 'dn4', 'dn5', 'dn6'];

let tw: TestWorkspace | undefined;
afterEach(async () => {
  await tw?.close();
  tw = undefined;
});

/** A workspace whose `unresponsive` depends on the clock, with a view reading it (`down-dwh`). */
async function workspace(maxAgeMinutes: number, samples: readonly (readonly [host: string, agoSeconds: number, up: 0 | 1])[]) {
  const body = `# TYPE up untyped\n${samples.map(([h, ago, up]) => `up{instance="${h}.x.com:9100",job="node"} ${up} ${(T - ago) * 1000}`).join('\n')}\n`;
  tw = new TestWorkspace(
    `
health: { up_metric: up, max_sample_age: ${maxAgeMinutes}m }
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster] }
  metrics: { kind: metrics, format: prometheus-text, path: inputs/metrics }
`,
    {
      'inputs/inventory.tsv': HOSTS.map((h, i) => `${h}.x.com\t${i % 2 ? 'dwh' : 'etl'}\n`).join(''),
      'inputs/metrics': body,
      'queries/down-dwh.sql': "SELECT hostname, reason FROM unresponsive WHERE cluster = 'dwh'\n",
    },
  );
  const db = (await tw.db()).raw;
  writeSettings(db, tw.config, new Date(T * 1000));
  expect((await tw.import()).map((r) => r.status)).toEqual(['ok', 'ok']);
  const defs = loadViews(tw.ws);
  createViews(db, tw.config, defs, { temp: false });
  const t = tw;
  /** A pass's export at `nowSeconds`: the settings the pass writes, then the make-like export. */
  const exportAt = (nowSeconds: number, only?: string[]) => {
    writeSettings(db, t.config, new Date(nowSeconds * 1000));
    return exportViews(db, t.config, t.ws, defs, { force: false, pass: null, clock: () => new Date(nowSeconds * 1000), ...(only ? { only } : {}) });
  };
  const file = (view: string) => readFileSync(t.ws.viewFile(view), 'utf8');
  const full = (view: string) => {
    const lines = [...viewLines(db, defs.find((d) => d.name === view)!.sqlName).lines];
    return lines.map((l) => `${l}\n`).join('');
  };
  return { exportAt, file, full };
}

describe('a view that reads the clock, exported lazily', () => {
  it('is current while no sample crosses max_sample_age, rewritten when one does, and a view reading it follows only if its file changed', async () => {
    // dn2 and dn4 are in dwh; dn2's newest sample is 10 min old, dn4's 30 s; max_sample_age 15m.
    const ws = await workspace(15, [
      ['dn1', 60, 1],
      ['dn1', 700, 1],
      ['dn2', 600, 1],
      ['dn3', 60, 0],
      ['dn4', 30, 1],
      ['dn5', 60, 1],
    ]);
    const status = (r: ReturnType<typeof ws.exportAt>) => Object.fromEntries(r.filter((e) => ['unresponsive', 'down-dwh'].includes(e.view)).map((e) => [e.view, e.status]));
    expect(status(ws.exportAt(T))).toEqual({ unresponsive: 'written', 'down-dwh': 'written' });
    // 2.5 minutes on: the cutoff (now - 15 min) has crossed no sample time.
    expect(status(ws.exportAt(T + 150))).toEqual({ unresponsive: 'current', 'down-dwh': 'current' });
    // Four minutes on it crosses dn1's older sample: unresponsive is computed again, its file is the same, down-dwh stays.
    const before = ws.file('unresponsive');
    expect(status(ws.exportAt(T + 240))).toEqual({ unresponsive: 'written', 'down-dwh': 'current' });
    expect(ws.file('unresponsive')).toBe(before);
    // dn2 turns stale at T + 300 + 1.
    expect(ws.file('down-dwh')).not.toContain('dn2.x.com');
    expect(status(ws.exportAt(T + 301))).toEqual({ unresponsive: 'written', 'down-dwh': 'written' });
    expect(ws.file('down-dwh')).toContain('dn2.x.com\tup sample stale');
    // dn1, dn3 and dn5 (etl) turn stale: unresponsive's file changes, so down-dwh follows (to the same answer).
    const dwh = ws.file('down-dwh');
    expect(status(ws.exportAt(T + 900 - 60 + 1))).toEqual({ unresponsive: 'written', 'down-dwh': 'written' });
    expect(ws.file('down-dwh')).toBe(dwh);
    expect(ws.file('unresponsive')).toContain('dn5.x.com');
  });

  it('gives exactly what a full recomputation gives at every clock, in any order of clocks and any max_sample_age', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.uniqueArray(fc.tuple(fc.constantFrom(...HOSTS), fc.integer({ min: 0, max: 3600 }), fc.constantFrom(0 as const, 1 as const)), { minLength: 1, maxLength: 14, selector: ([h, ago]) => `${h}@${ago}` }),
        fc.array(fc.integer({ min: -600, max: 4 * 3600 }), { minLength: 1, maxLength: 8 }),
        async (maxAge, samples, clocks) => {
          await tw?.close();
          const ws = await workspace(maxAge, samples);
          for (const offset of clocks) {
            ws.exportAt(T + offset);
            expect(ws.file('unresponsive')).toBe(ws.full('unresponsive'));
            expect(ws.file('down-dwh')).toBe(ws.full('down-dwh'));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
