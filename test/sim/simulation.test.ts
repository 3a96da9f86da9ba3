import { describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../src/sim/actions.js';
import { isBroken } from '../../src/sim/host-health.js';
import { tick } from '../../src/sim/tick.js';
import { brokenCount, operatorStep } from './operator.js';
import { fleet } from './sim-helpers.js';

describe('a run of the simulator', () => {
  it('accumulates breakages over 100 ticks with no actions: a few dozen new faults, more broken hosts at the end', () => {
    let s = fleet(1, 3000);
    const start = brokenCount(s);
    let onsets = 0;
    let recoveries = 0;
    for (let i = 0; i < 100; i++) {
      const before = new Set(s.hosts.filter(isBroken).map((h) => h.hostname));
      s = tick(s, 1);
      const after = new Set(s.hosts.filter(isBroken).map((h) => h.hostname));
      for (const h of after) if (!before.has(h)) onsets++;
      for (const h of before) if (!after.has(h)) recoveries++;
    }
    expect(onsets).toBeGreaterThanOrEqual(24);
    expect(onsets).toBeLessThanOrEqual(120);
    expect(recoveries).toBeGreaterThan(0);
    expect(recoveries).toBeLessThan(onsets);
    expect(brokenCount(s)).toBeGreaterThan(start);
  });

  it('converges under a simple operator loop (drain broken, rekick decommissioned, release repaired) without a violation', () => {
    let s = fleet(1, 3000);
    let idle = s;
    const start = brokenCount(s);
    const records: ActionRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const step = operatorStep(s, 25);
      records.push(...step.records);
      s = tick(step.state, 1);
      idle = tick(idle, 1);
    }
    expect(brokenCount(s)).toBeLessThan(start / 3);
    expect(brokenCount(s)).toBeLessThan(brokenCount(idle) / 3);
    expect(records.filter((r) => r.violation !== null)).toEqual([]);
    expect(records.filter((r) => r.action === 'rekick' && r.outcome === 'applied').length).toBeGreaterThan(20);
    expect(records.filter((r) => r.action === 'release' && r.outcome === 'applied').length).toBeGreaterThan(20);
  });
});
