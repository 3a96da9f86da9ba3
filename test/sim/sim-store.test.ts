import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimState } from '../../src/sim/sim-state.js';
import { readState, readStateHead, simPaths, writeState } from '../../src/sim/sim-store.js';
import { SimError } from '../../src/sim/sim-error.js';
import { tick } from '../../src/sim/tick.js';
import { fleet } from './sim-helpers.js';

describe('the head of the state (what `sim now` reads)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sim-store-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const state = tick(fleet(2, 200), 3);
  const { hosts: _hosts, ...head } = state;
  let n = 0;
  const workspace = (): ReturnType<typeof simPaths> => simPaths(join(tmp, `ws${n++}`));

  it('is the state without its hosts, for a state the sim wrote', () => {
    const p = workspace();
    writeState(p, state);
    expect(readStateHead(p)).toEqual(head);
    expect(readState(p)).toEqual(state);
  });

  it('is the same for a state written in another key order or layout (parsed whole)', () => {
    for (const text of [JSON.stringify({ hosts: state.hosts, ...head }), JSON.stringify(state, null, 2), JSON.stringify({ ...head, hosts: state.hosts, extra: { hosts: [] } })]) {
      const p = workspace();
      writeState(p, state);
      writeFileSync(p.stateFile, text);
      expect(readStateHead(p)).toMatchObject(head);
    }
  });

  it('fails the way readState does for a missing state or another file', () => {
    const missing = workspace();
    expect(() => readStateHead(missing)).toThrow(SimError);
    expect(() => readStateHead(missing)).toThrow(/no sim state here; run "sim init --dir /);
    const other = workspace();
    writeState(other, state);
    writeFileSync(other.stateFile, JSON.stringify({ format: 'something-else', hosts: [] } as unknown as SimState));
    expect(() => readStateHead(other)).toThrow(/not a breakfix-sim\/1 state file/);
  });
});
