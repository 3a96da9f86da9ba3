import { describe, expect, it } from 'vitest';
import { applyAction } from '../../src/sim/actions.js';
import { faultsOf } from '../../src/sim/host-health.js';
import { renderInputs } from '../../src/sim/render-inputs.js';
import type { SimState } from '../../src/sim/sim-state.js';
import { tick } from '../../src/sim/tick.js';
import { act, firstHost, fleet, healthyWorker } from './sim-helpers.js';

/** A fixed script of commands: the same script must give the same world. */
function script(seed: number): SimState {
  let s = fleet(seed, 500);
  s = tick(s, 3);
  const a = firstHost(s, 'healthy', healthyWorker).hostname;
  s = act(s, 'drain', [a]).state;
  s = tick(s, 6);
  s = act(s, 'rekick', [a]).state;
  s = tick(s, 5);
  s = act(s, 'release', [a]).state;
  return tick(s, 2);
}

describe('determinism', () => {
  it('renders byte-identical inputs for the same seed', () => {
    const a = renderInputs(fleet(1, 3000));
    const b = renderInputs(fleet(1, 3000));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, content] of a) expect(b.get(name), name).toBe(content);
  });

  it('gives the same state and bytes for the same seed and the same commands', () => {
    const a = script(11);
    const b = script(11);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(renderInputs(a)).toEqual(renderInputs(b));
  });

  it('gives a different world for a different seed', () => {
    const a = renderInputs(fleet(1, 3000));
    const b = renderInputs(fleet(2, 3000));
    expect(a.get('inventory.tsv')).not.toBe(b.get('inventory.tsv'));
    expect(a.get('hdfs-dwh.report')).not.toBe(b.get('hdfs-dwh.report'));
    expect(a.get('metrics.prom')).not.toBe(b.get('metrics.prom'));
  });

  it('renders the same from a state read back from its JSON file', () => {
    const s = script(5);
    expect(renderInputs(JSON.parse(JSON.stringify(s)) as SimState)).toEqual(renderInputs(s));
  });

  it('never modifies the state it is given', () => {
    const s = fleet(3, 300);
    const before = JSON.stringify(s);
    tick(s, 4);
    applyAction(s, 'rekick', [s.hosts[0]!.hostname], null);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('draws the same random faults whether or not actions ran before', () => {
    const base = fleet(9, 600, { faultScale: 40 });
    const target = firstHost(base, 'healthy', healthyWorker).hostname;
    const quiet = tick(base, 10);
    const busy = tick(act(base, 'drain', [target]).state, 10);
    const faults = (s: SimState) => s.hosts.filter((h) => h.hostname !== target).map((h) => `${h.hostname} ${faultsOf(h).join(',')}`);
    expect(faults(busy)).toEqual(faults(quiet));
    expect(faults(quiet).filter((l) => !l.endsWith(' ')).length).toBeGreaterThan(0);
  });
});
