import { describe, expect, it } from 'vitest';
import type { ActionSummary, PassSummary } from '../../src/pass/summary.js';
import type { PassRecord } from '../../src/report/model.js';
import type { PlanExplanation } from '../../src/pass/plan-step.js';
import { explainReason, listSome, passLabel, passStory } from '../../src/report/narrative.js';

const cluster = (o: Partial<ActionSummary['clusters'][number]> & { cluster: string }): ActionSummary['clusters'][number] => ({
  budget: 10,
  basis: '6% of 170 = 10',
  out: 2,
  headroom: 8,
  candidates: 0,
  planned: 0,
  executed: 0,
  failed: 0,
  reason: null,
  ...o,
});

function summary(o: Partial<PassSummary> = {}): PassSummary {
  return {
    day: '2026-11-24',
    pass: 2,
    execute: true,
    seed: 1,
    status: 'ok',
    exitCode: 0,
    paused: null,
    pausedDuring: null,
    imports: [
      { source: 'inventory', status: 'unchanged', rows: 10, unmatched: 0, skipped: null, note: null, error: null },
      { source: 'metrics', status: 'ok', rows: 10, unmatched: 0, skipped: null, note: null, error: null },
    ],
    views: [
      { view: 'drain-candidates', rows: 7, previous: 4, changed: true, status: 'written' },
      { view: 'unresponsive', rows: 3, previous: 3, changed: true, status: 'written' },
      { view: 'yarn-lost', rows: 1, previous: 1, changed: false, status: 'current' },
    ],
    actions: [],
    warnings: [],
    errors: [],
    unknownOutcomes: [],
    ...o,
  };
}

function record(s: PassSummary | null, o: Partial<PassRecord> = {}): PassRecord {
  return { id: 2, startedMs: Date.parse('2026-11-24T04:00:00Z'), finishedMs: null, execute: true, status: s?.status ?? 'interrupted', exitCode: s?.exitCode ?? null, paused: s?.paused ?? null, summary: s, ...o };
}

const text = (story: ReturnType<typeof passStory>) => [story.title, ...story.blocks.flatMap((b) => [b.heading, ...b.lines]), story.verdict].join('\n');

describe('passLabel', () => {
  it('says paused or dry run where the status alone says ok', () => {
    expect(passLabel({ status: 'ok', execute: true, paused: null })).toBe('ok');
    expect(passLabel({ status: 'ok', execute: false, paused: null })).toBe('dry run');
    expect(passLabel({ status: 'ok', execute: true, paused: { by: 'a', at: 'b', reason: 'c' } })).toBe('paused');
    expect(passLabel({ status: 'refused', execute: false, paused: null })).toBe('refused');
    expect(passLabel({ status: 'failed', execute: true, paused: null })).toBe('failed');
  });
});

describe('passStory', () => {
  it('tells what an executing pass saw, decided and ran, with the commands the transcript has', () => {
    const s = summary({
      actions: [
        {
          action: 'drain',
          refused: [],
          commands: ['hdfs-drain --hosts-file /ws/plan/drain.hosts  (3 hosts)'],
          acted: 'executed',
          clusters: [
            cluster({ cluster: 'dwh', budget: 117, basis: '6% of 1963 = 117', out: 20, headroom: 10, candidates: 37, planned: 3, executed: 3 }),
            cluster({ cluster: 'etl', budget: 3, basis: '2% of 164 = 3', out: 3, headroom: 0, candidates: 2, reason: 'budget used: 3 of 3 out' }),
            cluster({ cluster: 'archive' }),
          ],
          rejectedAtAct: [],
          notRun: [],
        },
      ],
    });
    const story = passStory({
      pass: record(s),
      timezone: 'UTC',
      transcript: { pass: 2, runs: [{ action: 'drain', command: 'hdfs-drain --hosts-file /ws/plan/drain.hosts', what: '3 hosts in /ws/plan/drain.hosts', exit: '0', durationMs: 12, output: ['3 hosts drained'], outputLines: 1 }], moreRuns: {}, notes: [] },
      plans: [],
    });
    expect(story.title).toBe('Pass 2 at 04:00:00, with --execute (allowed to act): ok');
    expect(story.label).toBe('ok');
    expect(story.blocks.map((b) => b.heading)).toEqual(['What it saw', 'What it decided, and why', 'What it did']);
    expect(story.blocks[0]!.lines).toEqual([
      'It read 2 sources: 1 with new data, 1 unchanged since their last import (inventory).',
      'Since the previous pass 1 view changed size: drain-candidates 4 \u2192 7 (+3).',
      '1 view kept its size but changed members: unresponsive.',
      '1 other view did not change.',
    ]);
    expect(story.blocks[1]!.lines).toEqual([
      'drain: planned 3 hosts (dwh 3).',
      '  dwh: may have 117 out at once (6% of 1963 = 117); 20 already out, so headroom 10 (the per-pass limit, max_per_pass, caps it). 37 candidates, 3 planned.',
      '  etl: may have 3 out at once (2% of 164 = 3); 3 already out, so headroom 0. 2 candidates, 0 planned \u2014 budget used: 3 of 3 out: the cluster already has as many hosts out as its budget allows, so it waits for some to come back.',
      '  No candidates in archive.',
    ]);
    expect(story.blocks[2]!.lines).toEqual([
      'drain: ran `hdfs-drain --hosts-file /ws/plan/drain.hosts  (3 hosts)`: 3 done.',
      '  3 hosts: exit 0 after 12 ms; it printed `3 hosts drained`.',
    ]);
    expect(story.verdict).toBe('Exit 0: done.');
  });

  it('says a refused pass did nothing, and why', () => {
    const reason = 'invariant inputs-fresh failed: metrics is 3h1s old (max_age 1h)';
    const s = summary({
      status: 'refused',
      exitCode: 3,
      actions: [{ action: 'drain', refused: [reason], commands: [], acted: 'executed', clusters: [cluster({ cluster: 'dwh', headroom: 0, reason })], rejectedAtAct: [], notRun: [] }],
    });
    const story = passStory({ pass: record(s), timezone: 'UTC', plans: [] });
    expect(story.label).toBe('refused');
    expect(story.blocks[1]!.lines).toEqual([
      `drain: REFUSED, nothing planned \u2014 ${reason}. A safety check that fails for the whole pass empties the action's plan: breakfix does nothing rather than act on data it cannot trust, and exits 3 so that a person looks.`,
    ]);
    expect(story.blocks[2]!.lines).toEqual(['Nothing ran: no action had a host to act on.']);
    expect(story.verdict).toBe('Exit 3: an invariant refused an action \u2014 a person should look before the next pass acts.');
  });

  it('says a paused pass planned and held, and who paused it', () => {
    const paused = { by: 'ann@ops1', at: '2026-11-24T03:59:00Z', reason: 'change freeze (INC-5678)' };
    const s = summary({
      paused,
      actions: [{ action: 'rekick', refused: [], commands: ['rekick --hosts-file f  (2 hosts)'], acted: 'paused', clusters: [cluster({ cluster: 'dwh', candidates: 2, planned: 2 })], rejectedAtAct: [], notRun: [] }],
    });
    const story = passStory({ pass: record(s), timezone: 'UTC', plans: [] });
    expect(story.label).toBe('paused');
    expect(story.blocks[0]!.lines[0]).toBe(
      'Acting was paused by ann@ops1 at 2026-11-24T03:59:00Z: "change freeze (INC-5678)". A paused pass still imports, exports and plans, so its plans show what it would have done; it runs nothing until `breakfix resume`.',
    );
    expect(story.blocks[2]!.lines).toEqual(['rekick: held by the pause; would have run `rekick --hosts-file f  (2 hosts)`.']);
  });

  it('says a pause issued mid-pass stopped the commands not yet started, and names the hosts not run', () => {
    const pausedDuring = { by: 'bob@ops2', at: '2026-11-24T04:00:30Z', reason: 'stop (INC-9)' };
    const s = summary({
      pausedDuring,
      actions: [
        {
          action: 'rekick',
          refused: [],
          commands: ['rekick dn1.x', 'rekick dn2.x'],
          acted: 'executed',
          clusters: [cluster({ cluster: 'dwh', candidates: 2, planned: 2, executed: 1 })],
          rejectedAtAct: [],
          notRun: [{ hostname: 'dn2.x', reason: 'paused by bob@ops2 at 2026-11-24T04:00:30Z: stop (INC-9)' }],
        },
      ],
    });
    const lines = passStory({ pass: record(s), timezone: 'UTC', plans: [] }).blocks.find((b) => b.heading === 'What it did')!.lines;
    expect(lines).toContain('Acting was paused while the pass ran, by bob@ops2 at 2026-11-24T04:00:30Z: "stop (INC-9)". breakfix reads the pause before every command, so no command started after it.');
    expect(lines).toContain('rekick: not run for 1 host: dn2.x (paused by bob@ops2 at 2026-11-24T04:00:30Z: stop (INC-9)).');
  });

  it('counts what an import skipped on purpose', () => {
    const s = summary({ imports: [{ source: 'metrics', status: 'ok', rows: 10, unmatched: 0, skipped: 3, note: '3 samples without the host label instance', error: null }] });
    const lines = passStory({ pass: record(s), timezone: 'UTC', plans: [] }).blocks[0]!.lines;
    expect(lines).toContain('metrics skipped 3 records on purpose: 3 samples without the host label instance.');
  });

  it('says a dry run would have run, and a failed import stopped the pass', () => {
    const dry = summary({
      actions: [{ action: 'fix', refused: [], commands: ['fix a', 'fix b'], acted: 'dry-run', clusters: [cluster({ cluster: 'c', candidates: 2, planned: 2 })], rejectedAtAct: [], notRun: [] }],
    });
    const story = passStory({ pass: record(dry, { execute: false }), timezone: 'UTC', plans: [] });
    expect(story.title).toBe('Pass 2 at 04:00:00, as a dry run (plans only; nothing is run without --execute): dry run');
    expect(story.blocks[2]!.lines).toEqual(['fix: dry run; would have run 2 commands (one per host), e.g. `fix a`.']);

    const failed = summary({
      status: 'failed',
      exitCode: 1,
      imports: [{ source: 'inventory', status: 'failed', rows: 0, unmatched: null, skipped: null, note: null, error: 'inputs/inventory.tsv:3: expected 7 fields, got 2' }],
      views: [],
      errors: ['1 import failed: stopping before views and planning; nothing acted on'],
    });
    const f = passStory({ pass: record(failed), timezone: 'UTC', plans: [] });
    expect(f.blocks[0]!.lines).toEqual([
      'It read 1 source: 0 with new data, 1 failed.',
      'The import of inventory failed: inputs/inventory.tsv:3: expected 7 fields, got 2.',
      'A pass whose import fails stops there: no views, no plans, nothing acted on; the files from before stay as they were.',
    ]);
    expect(f.verdict).toBe('Exit 1: something failed. 1 import failed: stopping before views and planning; nothing acted on.');
  });

  it('names the hosts the plan left out, and unknown outcomes, for the pass that wrote the plan', () => {
    const s = summary({
      unknownOutcomes: [{ action: 'drain', hostname: 'dn1.x', since: '2026-11-23' }],
      actions: [{ action: 'drain', refused: [], commands: [], acted: 'executed', clusters: [cluster({ cluster: 'dwh', candidates: 2, reason: 'all 2 candidates removed: 2 denied' })], rejectedAtAct: [{ hostname: 'dn5.x', reason: 'no longer a candidate' }], notRun: [] }],
    });
    const plan: PlanExplanation = {
      action: 'drain',
      pass: 2,
      seed: 1,
      candidates_view: 'drain-candidates',
      in_progress_view: null,
      invariants: [],
      global_failures: [],
      invalid_rows: [{ view: 'drain-candidates', value: 'bad_host!', problem: 'invalid hostname', effect: 'candidate dropped' }],
      clusters: [
        {
          cluster: 'dwh',
          archetype: 'default',
          population: 170,
          budget: 10,
          basis: '6% of 170 = 10',
          out: 1,
          outHosts: [{ hostname: 'dn1.x', why: 'unknown-outcome', detail: 'drain outcome unknown (journal #3)' }],
          headroom: 9,
          candidates: 2,
          eligible: 0,
          picked: [],
          removed: [
            { hostname: 'dn2.x', reason: 'deny never-touch: vip' },
            { hostname: 'dn3.x', reason: 'deny never-touch: vip' },
          ],
          groups: [],
          reason: 'all 2 candidates removed: 2 denied',
          refused: false,
        },
      ],
    };
    const t = text(passStory({ pass: record(s), timezone: 'UTC', plans: [plan] }));
    expect(t).toContain('  Candidates left out by the rules: dn2.x (deny never-touch: vip) and dn3.x (deny never-touch: vip).');
    expect(t).toContain('  dwh: 1 host with an unknown outcome count as out: dn1.x.');
    expect(t).toContain('  Rows planning could not read: drain-candidates "bad_host!" (invalid hostname: candidate dropped).');
    expect(t).toContain('  Re-checked just before acting, dn5.x was dropped: no longer a candidate.');
    expect(t).toContain('1 host has an unknown outcome (a command was running when its process died): it counts as out and is not acted on again until an operator checks and runs `breakfix clear HOST --reason "..."`.');
  });

  it('says a pass that never finished left no summary', () => {
    const story = passStory({ pass: record(null, { status: 'interrupted' }), timezone: 'UTC', plans: [] });
    expect(story.label).toBe('interrupted');
    expect(story.blocks).toEqual([]);
    expect(story.verdict).toMatch(/^This pass did not finish/);
  });

  it('prints times in the workspace time zone', () => {
    expect(passStory({ pass: record(summary()), timezone: 'America/New_York', plans: [] }).title).toMatch(/^Pass 2 at 23:00:00,/);
  });
});

describe('listSome and explainReason', () => {
  it('lists a few and counts the rest', () => {
    expect(listSome([], 3)).toBe('');
    expect(listSome(['a'], 3)).toBe('a');
    expect(listSome(['a', 'b', 'c'], 3)).toBe('a, b and c');
    expect(listSome(['a', 'b', 'c', 'd', 'e'], 3)).toBe('a, b, c and 2 more');
  });
  it('says what a terse planner reason means, and passes others through', () => {
    expect(explainReason('group limit: g01 already out (max_groups 1)')).toMatch(/replica groups are protected/);
    expect(explainReason('something new')).toBe('something new');
  });
});
