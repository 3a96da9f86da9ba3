import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/act/journal.js';
import { openStateDb } from '../../src/db/open.js';
import { clearHost } from '../../src/ops/journal.js';
import { Workspace } from '../../src/workspace.js';
import { makeWorkspace } from '../helpers/cli.js';

const DAY = '2026-11-23';
const clock = () => new Date(`${DAY}T12:00:00Z`);

describe('breakfix clear HOST', () => {
  // An entry written before hosts.qualify was set names `dn01`; planning reads it as dn01.x.com, so clear must too.
  it('clears every entry of the host, however the journal spelled it, with the hosts: options', async () => {
    const dir = makeWorkspace({ 'breakfix.yaml': 'hosts: { qualify: .x.com }\n' });
    const state = await openStateDb(new Workspace(dir, DAY).dbFile);
    const journal = new Journal(state.raw);
    journal.start({ pass: 1, action: 'drain', hostname: 'dn01', cluster: 'dwh', group: null, command: ['true'], now: 0 });
    journal.start({ pass: 2, action: 'drain', hostname: 'dn01.x.com', cluster: 'dwh', group: null, command: ['true'], now: 0 });
    journal.start({ pass: 2, action: 'drain', hostname: 'dn02.x.com', cluster: 'dwh', group: null, command: ['true'], now: 0 });
    await state.close();

    const r = await clearHost({ dir, daySpec: DAY, clock }, 'DN01', { action: undefined, reason: 'respelled host', force: false });
    expect(r).toMatchObject({ day: DAY, hostname: 'dn01.x.com', kept: [] });
    expect(r.cleared.map((e) => e.hostname)).toEqual(['dn01', 'dn01.x.com']);
    const after = await openStateDb(join(dir, 'runs', DAY, 'state.db'));
    expect(new Journal(after.raw).all().map((e) => [e.hostname, e.outcome])).toEqual([
      ['dn01', 'cleared'],
      ['dn01.x.com', 'cleared'],
      ['dn02.x.com', 'running'],
    ]);
    await after.close();
  });
});
