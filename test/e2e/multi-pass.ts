import { describe, expect, it } from 'vitest';
import { copyExampleWorkspace } from '../../src/demo/workspace.js';
import { makeEnv, systemClock } from '../../src/config/env.js';
import { runPass } from '../../src/ops/pass.js';
import type { PassSummary } from '../../src/pass/summary.js';
import type { ActionRecord } from '../../src/sim/actions.js';
import { initCommand, tickCommand } from '../../src/sim/sim-commands.js';
import type { Host, SimState } from '../../src/sim/sim-state.js';
import { readActionLog, readState, simPaths } from '../../src/sim/sim-store.js';
import { isBroken } from '../../src/sim/host-health.js';
import { tempDir } from '../helpers/cli.js';
import { entryKey, journalEntries, simRecordsPerEntry } from '../helpers/sim-journal.js';

/**
 * Many passes in a row keep the fleet safe: the example workspace against the
 * simulator, with random failures, several seeds. After every pass: no cluster
 * has more hosts out by breakfix's own actions than its budget, the replica
 * group rule holds, no host was rekicked while HDFS still had it in service,
 * no journal entry ran its command twice. Over the run the fleet converges.
 *
 * Passes run in-process (runPass, as the CLI calls it); the action commands
 * are the real simulator CLI, run without a shell.
 *
 * Each seed is its own test file (multi-pass-seed-N.test.ts), so that vitest
 * runs them in parallel processes. BREAKFIX_E2E_MORE_SEEDS adds seeds to the
 * first file, BREAKFIX_E2E_PASSES / BREAKFIX_E2E_HOSTS widen every run
 * (npm run test:e2e).
 */
const PASSES = Number(process.env['BREAKFIX_E2E_PASSES'] ?? 100);
const HOSTS = Number(process.env['BREAKFIX_E2E_HOSTS'] ?? 400);
const MAX_GROUPS = 2; // examples/hadoop-fleet/breakfix.yaml actions.drain.max_groups

/** What the example's out-of-service view counts as out, read from the simulator's truth. */
function isOut(h: Host): boolean {
  return h.excluded || h.lifecycle === 'rekicking' || h.lifecycle === 'repaired' || (h.hdfs !== null && h.hdfs.admin !== 'in-service');
}

function workersOf(s: SimState): Host[] {
  return s.hosts.filter((h) => h.role === 'hadoop-worker' && h.lifecycle !== 'retired');
}

function groupsOut(s: SimState, cluster: string): Set<string> {
  return new Set(workersOf(s).filter((h) => h.cluster === cluster && isOut(h) && h.dataGroup !== '').map((h) => h.dataGroup));
}

/** The test for each of `seeds`. */
export function multiPassSuite(seeds: readonly number[]): void {
  describe.each(seeds)('example fleet, seed %i', (seed) => {
    multiPassTest(seed);
  });
}

function multiPassTest(seed: number): void {
  it(`stays safe and converges (seed ${seed})`, { timeout: 30 * 60_000 }, async () => {
    const ws = tempDir('bf-e2e-');
    copyExampleWorkspace(ws);
    const start = Date.parse('2026-11-23T00:00:00Z') / 1000;
    const init = initCommand({ dir: ws, seed, hosts: HOSTS, start, config: { tickSeconds: 3600, faultScale: 2, actionFailProbability: 0.05 }, force: true });
    expect(init.exitCode, init.stderr).toBe(0);
    const sim = simPaths(ws);
    const initialBroken = workersOf(readState(sim)).filter(isBroken).length;
    let peakBroken = initialBroken;
    let releases = 0;
    let logSeen = 0;

    for (let pass = 1; pass <= PASSES; pass++) {
      const where = `seed ${seed}, pass ${pass} (replay: sim init --seed ${seed} --hosts ${HOSTS} --tick-minutes 60 --fault-scale 2 --action-fail 0.05, then ${pass - 1} ticks with a pass --execute after each)`;
      if (pass > 1) expect(tickCommand(ws, 1).exitCode, where).toBe(0);
      const before = readState(sim);
      const now = new Date(before.now * 1000).toISOString();
      const summary: PassSummary = await runPass(makeEnv(ws, undefined, systemClock(now)), { execute: true, force: false, shouldStop: () => false });
      // Simulated action failures are expected (they are part of the random failures); nothing else may go wrong.
      const unexpected = summary.errors.filter((e) => !e.startsWith('an action command failed'));
      expect(unexpected, `${where}: ${unexpected.join('; ')}`).toEqual([]);
      const after = readState(sim);
      const log = readActionLog(sim);
      const fresh: ActionRecord[] = log.slice(logSeen);
      logSeen = log.length;

      // No rekick of a datanode HDFS did not have decommissioned.
      for (const r of fresh) expect(r.violation, `${where}: ${r.action} ${r.host}: ${r.violation}`).toBeNull();

      const drain = summary.actions.find((a) => a.action === 'drain');
      for (const c of drain?.clusters ?? []) {
        // Budget: hosts out by breakfix's own drains never exceed the cluster's budget.
        const outByUs = workersOf(after).filter((h) => h.cluster === c.cluster && h.drainedBySim).length;
        expect(outByUs, `${where}: ${c.cluster} has ${outByUs} hosts drained by breakfix, budget ${c.budget} (${c.basis})`).toBeLessThanOrEqual(Math.max(c.budget, workersOf(before).filter((h) => h.cluster === c.cluster && h.drainedBySim).length));
        // Group rule: a drain opens no group beyond max_groups (or none at all once that many are out).
        const drained = fresh.filter((r) => r.action === 'drain' && r.outcome === 'applied' && r.cluster === c.cluster).map((r) => before.hosts.find((h) => h.hostname === r.host)!);
        if (drained.length > 0) {
          const was = groupsOut(before, c.cluster);
          const opened = new Set(drained.map((h) => h.dataGroup));
          const all = new Set([...was, ...opened]);
          if (was.size >= MAX_GROUPS) {
            for (const g of opened) expect(was.has(g), `${where}: ${c.cluster} drained a host of group ${g}; already out: ${[...was].join(', ')}`).toBe(true);
          } else {
            expect(all.size, `${where}: ${c.cluster} would have groups ${[...all].join(', ')} out (max ${MAX_GROUPS})`).toBeLessThanOrEqual(MAX_GROUPS);
          }
        }
      }
      releases += fresh.filter((r) => r.action === 'release' && r.outcome === 'applied').length;
      peakBroken = Math.max(peakBroken, workersOf(after).filter(isBroken).length);
    }

    // No action ran twice for one journal entry: each journaled host of a pass has exactly one simulator record.
    const records = readActionLog(sim).filter((r) => r.invoker !== null);
    const count = simRecordsPerEntry(ws);
    for (const [key, n] of count) expect(n, `seed ${seed}: ${key} ran ${n} times`).toBe(1);
    // Every journaled command (done or failed) reached the simulator exactly once, and nothing else did.
    const journal = journalEntries(ws).filter((e) => e.outcome !== 'cleared');
    for (const e of journal) expect(count.get(entryKey(e.day, e.pass, e.action, e.hostname)), `seed ${seed}: journal ${e.day} pass ${e.pass} ${e.action} ${e.hostname}`).toBe(1);
    expect(journal.length).toBe(records.length);

    // Convergence: hosts that broke were drained, reinstalled and returned; few are left broken.
    const finalBroken = workersOf(readState(sim)).filter(isBroken).length;
    expect(releases, `seed ${seed}: no host was returned to service in ${PASSES} passes`).toBeGreaterThan(0);
    expect(finalBroken, `seed ${seed}: ${finalBroken} workers broken at the end (peak ${peakBroken}, start ${initialBroken})`).toBeLessThanOrEqual(Math.max(5, Math.ceil(peakBroken / 3)));
  });
}
