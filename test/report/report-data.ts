import type { PassSummary } from '../../src/pass/summary.js';
import { analyzeTrend } from '../../src/pass/trend.js';
import type { ReportData } from '../../src/report/model.js';

/** A hostile value: markup, an event handler and a script end tag, as an inventory field could hold. */
export const EVIL = `<img src=x onerror="alert(1)">'</script><script>alert(2)</script>`;

/** A small day of report data with EVIL in every place a value from an input lands. */
export function reportData(): ReportData {
  const summary: PassSummary = {
    day: '2026-11-24',
    pass: 1,
    execute: true,
    seed: 1,
    status: 'ok',
    exitCode: 0,
    paused: { by: EVIL, at: '2026-11-24T00:00:00Z', reason: EVIL },
    pausedDuring: { by: EVIL, at: '2026-11-24T00:00:01Z', reason: EVIL },
    imports: [{ source: 'inventory', status: 'ok', rows: 3, unmatched: 0, skipped: null, note: null, error: null }],
    views: [{ view: 'fix-candidates', rows: 2, previous: 1, changed: true, status: 'written' }],
    actions: [
      {
        action: 'fix',
        refused: [],
        commands: [`fix --host ${EVIL}`],
        acted: 'executed',
        clusters: [{ cluster: EVIL, budget: 2, basis: EVIL, out: 0, headroom: 2, candidates: 1, planned: 1, executed: 1, failed: 0, reason: EVIL }],
        rejectedAtAct: [{ hostname: 'dn1.x', reason: EVIL }],
        notRun: [{ hostname: 'dn4.x', reason: EVIL }],
      },
    ],
    warnings: [EVIL],
    errors: [],
    unknownOutcomes: [],
  };
  const points = [1, 2].map((pass) => ({ day: '2026-11-24', pass, at: `2026-11-24T0${pass}:00:00.000Z`, rows: pass, sha256: String(pass) }));
  return {
    workspace: `/srv/${EVIL}`,
    day: '2026-11-24',
    timezone: 'UTC',
    generatedAt: '2026-11-24T05:00:00.000Z',
    trendDays: ['2026-11-24'],
    trendRuns: 3,
    actions: ['fix'],
    sources: [{ name: 'inventory', kind: 'inventory', maxAge: 3600 }],
    passes: [{ id: 1, startedMs: Date.parse('2026-11-24T01:00:00Z'), finishedMs: null, execute: true, status: 'ok', exitCode: 0, paused: summary.paused, summary }],
    actionHistory: [{ pass: 1, action: 'fix', cluster: EVIL, population: 30, budget: 2, out: 0, headroom: 2, candidates: 1, planned: 1, executed: 1, failed: 0, reason: EVIL }],
    trends: [analyzeTrend(EVIL, points, 3)],
    journal: [
      { id: 1, pass: 1, action: 'fix', hostname: 'dn1.x', cluster: EVIL, host_group: null, pid: 1, command: '[]', started_ms: 0, finished_ms: null, exit_code: null, outcome: 'unknown', note: EVIL, carried_from: null },
      { id: 2, pass: 1, action: 'fix', hostname: 'dn2.x', cluster: 'c', host_group: null, pid: 1, command: '[]', started_ms: 0, finished_ms: 1, exit_code: 0, outcome: 'done', note: null, carried_from: null },
    ],
    imports: [{ source: 'inventory', kind: 'inventory', status: 'failed', pass: 1, rows: 3, unmatched: 0, dataTime: null, finishedMs: null, error: EVIL, location: EVIL }],
    pauseNow: { by: EVIL, at: EVIL, reason: EVIL },
    plans: [
      {
        action: 'fix',
        error: null,
        plan: {
          action: 'fix',
          pass: 1,
          seed: 1,
          candidates_view: EVIL,
          in_progress_view: null,
          invariants: [],
          global_failures: [EVIL],
          invalid_rows: [{ view: EVIL, value: EVIL, problem: EVIL, effect: EVIL }],
          clusters: [
            {
              cluster: EVIL,
              archetype: EVIL,
              population: 30,
              budget: 2,
              basis: EVIL,
              out: 1,
              outHosts: [{ hostname: 'dn3.x', why: 'in-progress', detail: EVIL }],
              headroom: 1,
              candidates: 2,
              eligible: 1,
              picked: [{ hostname: 'dn1.x', cluster: EVIL, spread: EVIL, group: EVIL }],
              removed: [{ hostname: 'dn2.x', reason: EVIL }],
              groups: [EVIL],
              reason: EVIL,
              refused: true,
            },
          ],
        },
      },
    ],
    diff: {
      kind: 'diff',
      from: '2026-11-23',
      to: '2026-11-24',
      warnings: [EVIL],
      views: [
        {
          stat: { view: EVIL, status: 'changed', from_rows: 1, to_rows: 2, removed: 1, added: 2, sql_changed: false, columns_changed: false, from_file: '/a', to_file: '/b' },
          columns: ['hostname', EVIL],
          removed: [`dn1.x\t${EVIL}`],
          added: [`dn2.x\t${EVIL}`],
          moreAdded: [EVIL],
          moreRemoved: [],
          fromHref: `../2026-11-23/${EVIL}`,
          toHref: EVIL,
        },
      ],
    },
    transcript: [],
    links: { views: {}, planHosts: { fix: 'plan/fix' }, planJson: { fix: 'plan/fix.json' }, transcript: 'transcript.log' },
    key: 'a'.repeat(64),
  };
}
