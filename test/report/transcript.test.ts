import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/report/transcript.js';

const T = (s: string) => `2026-11-24T00:00:00.123Z ${s}`;

describe('parseTranscript', () => {
  it("takes each pass's action commands, their exit, duration and first output lines", () => {
    const text = [
      T('import breakfix import  (day 2026-11-24, pid 1)'),
      T('act breakfix act drain --execute (pid 2)'),
      T('act drain run hdfs-drain --hosts-file /ws/runs/d/plan/drain.hosts  (3 hosts in /ws/runs/d/plan/drain.hosts)'),
      T('act drain exit 0 after 10ms: hdfs-drain --hosts-file /ws/runs/d/plan/drain.hosts'),
      T('pass pass 1 started (pid 3, execute, seed 7)'),
      T('import inventory: 3000 rows from inputs/inventory.tsv'),
      T('plan rekick: 2 planned (dwh 2/10)'),
      T('act rekick not acting on dn9.x: invariant hdfs-decommissioned failed'),
      T('act rekick run sim rekick --hosts-file /ws/runs/d/plan/rekick.hosts  (2 hosts in /ws/runs/d/plan/rekick.hosts)'),
      '    | rekick #15: 2 applied',
      '    ! warning: slow',
      '    | done',
      T('act rekick exit 0 after 235ms: sim rekick --hosts-file /ws/runs/d/plan/rekick.hosts'),
      T('summary pass 1 of 2026-11-24: ok  seed 7'),
      '2026-11-24T00:00:00.123Z         imports: 13 of 13 ok',
      T('pass pass 2 started (pid 4, execute, seed 8)'),
      T('act fix run fix dn1.x  (dn1.x)'),
      T('act fix run fix dn2.x  (dn2.x)'),
      '    | fixing dn2',
      T('act fix exit 1 after 5ms: fix dn2.x'),
      T('act fix exit 0 after 7ms: fix dn1.x'),
      T('act fix run fix dn3.x  (dn3.x)'),
      '',
    ].join('\n');
    const passes = parseTranscript(text, { runsKept: 2, outputKept: 2 });
    expect(passes.map((p) => p.pass)).toEqual([1, 2]);
    const [one, two] = passes as [(typeof passes)[0], (typeof passes)[0]];
    expect(one.runs).toEqual([
      {
        action: 'rekick',
        command: 'sim rekick --hosts-file /ws/runs/d/plan/rekick.hosts',
        what: '2 hosts in /ws/runs/d/plan/rekick.hosts',
        exit: '0',
        durationMs: 235,
        output: ['rekick #15: 2 applied', '! warning: slow'],
        outputLines: 3,
      },
    ]);
    expect(one.notes).toEqual([{ action: 'rekick', text: 'not acting on dn9.x: invariant hdfs-decommissioned failed' }]);
    // Concurrent per-host commands: each exit is matched to the command it names; the third is counted, not kept.
    expect(two.runs.map((r) => [r.what, r.exit, r.durationMs])).toEqual([
      ['dn1.x', '0', 7],
      ['dn2.x', '1', 5],
    ]);
    expect(two.moreRuns).toEqual({ fix: 1 });
  });

  it('a command whose exit the transcript never got (the process died) has no exit', () => {
    const [p] = parseTranscript([T('pass pass 1 started (pid 3, execute, seed 7)'), T('act drain run d --hosts-file f  (1 hosts in f)')].join('\n'));
    expect(p!.runs[0]!.exit).toBeNull();
    expect(p!.runs[0]!.durationMs).toBeNull();
  });

  it('ignores what is not a pass (and an empty transcript)', () => {
    expect(parseTranscript('')).toEqual([]);
    expect(parseTranscript(T('import breakfix import x (day d, pid 1)'))).toEqual([]);
  });
});
