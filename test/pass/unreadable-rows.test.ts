import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/act/journal.js';
import { parseConfig, type Config } from '../../src/config/load.js';
import { openStateDb, type StateDb } from '../../src/db/open.js';
import { gatherAction, type PlanContext } from '../../src/pass/plan-step.js';
import { planAction, type ActionPlan } from '../../src/policy/plan-action.js';
import { tempDir } from '../helpers/cli.js';

/**
 * A host-bearing value a view gives that cannot be normalised is never
 * ignored: a candidate is dropped and reported, a population row is not
 * counted and reported, and an in-progress, deny or journal row (which may
 * name a host that is out, or must not be touched) refuses its cluster, or
 * the whole action when it names no cluster.
 */

const CONFIG = `
hosts: { qualify: .x.com }
policy:
  archetypes:
    default: { percent: 50, floor: 1 }
actions:
  drain:
    candidates: cands-v
    in_progress: inprog-v
    population: pop-v
    deny: [deny-v, deny-by-cluster]
    run: ["true", "{hosts_file}"]
`;

let state: StateDb;
let config: Config;

beforeAll(async () => {
  const dir = tempDir('bf-unreadable-');
  state = await openStateDb(join(dir, 'state.db'));
  config = parseConfig(CONFIG, join(dir, 'breakfix.yaml'));
  state.raw.exec(`
    CREATE TABLE cands (hostname, cluster); CREATE VIEW cands_v AS SELECT hostname, cluster FROM cands;
    CREATE TABLE inprog (hostname, cluster); CREATE VIEW inprog_v AS SELECT hostname, cluster FROM inprog;
    CREATE TABLE deny (hostname, reason); CREATE VIEW deny_v AS SELECT hostname, reason FROM deny;
    CREATE TABLE deny2 (hostname, cluster); CREATE VIEW deny_by_cluster AS SELECT hostname, cluster FROM deny2;
    CREATE TABLE pop (hostname, cluster); CREATE VIEW pop_v AS SELECT hostname, cluster FROM pop;
  `);
});
afterAll(async () => state?.close());

beforeEach(() => {
  const db = state.raw;
  db.exec('DELETE FROM cands; DELETE FROM inprog; DELETE FROM deny; DELETE FROM deny2; DELETE FROM pop; DELETE FROM journal;');
  const ins = db.prepare('INSERT INTO pop VALUES (?, ?)');
  const cand = db.prepare('INSERT INTO cands VALUES (?, ?)');
  for (const cluster of ['dwh', 'etl']) {
    for (let i = 1; i <= 6; i++) {
      ins.run(`${cluster}${i}.x.com`, cluster);
      if (i <= 2) cand.run(`${cluster}${i}`, cluster);
    }
  }
});

function gather() {
  const db = state.raw;
  const ctx: PlanContext = { db, config, journal: new Journal(db), pass: 1, seed: 7, nowSeconds: 1_800_000_000, previousSourceRows: undefined };
  return gatherAction(ctx, config.actions[0]!, []);
}

function planOf(): ActionPlan {
  return planAction(gather().input);
}

const cluster = (p: ActionPlan, name: string) => p.clusters.find((c) => c.cluster === name)!;
const picked = (p: ActionPlan) => p.picked.map((h) => h.hostname);

describe('rows whose hostname cannot be normalised', () => {
  it('with valid rows only, plans both clusters (short names qualified)', () => {
    expect(picked(planOf())).toEqual(['dwh1.x.com', 'dwh2.x.com', 'etl1.x.com', 'etl2.x.com']);
  });

  it('an in-progress row of a cluster refuses that cluster, naming the view, the value and the problem', () => {
    state.raw.prepare('INSERT INTO inprog VALUES (?, ?)').run('dwh3..x.com', 'dwh');
    const p = planOf();
    expect(picked(p)).toEqual(['etl1.x.com', 'etl2.x.com']);
    expect(cluster(p, 'dwh')).toMatchObject({
      refused: true,
      reason:
        'refused: in_progress view inprog-v: invalid hostname "dwh3..x.com": empty label (two dots in a row, or a leading dot) (it may name a host that is out; nothing planned for dwh until the row is fixed)',
    });
    expect(cluster(p, 'etl').refused).toBe(false);
    expect(gather().invalidRows).toEqual([{ view: 'inprog-v', value: 'dwh3..x.com', problem: 'invalid hostname "dwh3..x.com": empty label (two dots in a row, or a leading dot)', effect: 'cluster dwh refused' }]);
  });

  it('an in-progress row without a cluster refuses the whole action', () => {
    state.raw.prepare('INSERT INTO inprog VALUES (?, ?)').run('fe80::1%eth0', null);
    const p = planOf();
    expect(picked(p)).toEqual([]);
    expect(p.globalFailures).toEqual([
      'refused: in_progress view inprog-v: invalid hostname "fe80::1%eth0": an IPv6 zone id ("%eth0") names a network interface of the machine that printed it, not a host (it may name a host that is out; nothing planned for any cluster until the row is fixed)',
    ]);
  });

  it('an in-progress row with a NULL hostname refuses its cluster', () => {
    state.raw.prepare('INSERT INTO inprog VALUES (?, ?)').run(null, 'etl');
    expect(cluster(planOf(), 'etl').reason).toBe(
      'refused: in_progress view inprog-v: no hostname (NULL) (it may name a host that is out; nothing planned for etl until the row is fixed)',
    );
  });

  it('an in-progress row with a hostname and no cluster still counts, against the clusters that have the host', () => {
    state.raw.prepare('INSERT INTO inprog VALUES (?, ?)').run('DWH1.X.COM:9866', null);
    const p = planOf();
    expect(cluster(p, 'dwh').outHosts).toEqual([{ hostname: 'dwh1.x.com', why: 'in-progress' }]);
    expect(picked(p)).not.toContain('dwh1.x.com');
  });

  it('a deny row without a cluster column refuses the whole action', () => {
    state.raw.prepare('INSERT INTO deny VALUES (?, ?)').run('dn 7', 'RMA');
    const p = planOf();
    expect(picked(p)).toEqual([]);
    expect(p.globalFailures).toEqual([
      'refused: deny view deny-v: invalid hostname "dn 7": \' \' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\') (it may name a host that must not be touched; nothing planned for any cluster until the row is fixed)',
    ]);
  });

  it('a deny row of a view with a cluster column refuses that cluster only', () => {
    state.raw.prepare('INSERT INTO deny2 VALUES (?, ?)').run('etl9.x.com:ssh', 'etl');
    const p = planOf();
    expect(picked(p)).toEqual(['dwh1.x.com', 'dwh2.x.com']);
    expect(cluster(p, 'etl').reason).toBe(
      'refused: deny view deny-by-cluster: invalid hostname "etl9.x.com:ssh": port "ssh" is not a number (it may name a host that must not be touched; nothing planned for etl until the row is fixed)',
    );
  });

  it('deny rows spelled otherwise still deny their host', () => {
    const ins = state.raw.prepare('INSERT INTO deny VALUES (?, ?)');
    ins.run('DWH1.X.COM', 'RMA');
    ins.run('dwh2.x.com.', 'RMA');
    ins.run('etl1:9866', 'RMA');
    expect(picked(planOf())).toEqual(['etl2.x.com']);
  });

  it('a candidate that cannot be normalised is dropped and reported with its view and value', () => {
    state.raw.prepare('INSERT INTO cands VALUES (?, ?)').run('$(reboot)', 'dwh');
    const g = gather();
    expect(g.invalidRows).toEqual([{ view: 'cands-v', value: '$(reboot)', problem: 'invalid hostname "$(reboot)": \'$\' is not allowed in a hostname (RFC 1123: letters, digits, \'-\' and \'.\')', effect: 'candidate dropped' }]);
    expect(picked(planAction(g.input))).toEqual(['dwh1.x.com', 'dwh2.x.com', 'etl1.x.com', 'etl2.x.com']);
  });

  it('a population row that cannot be normalised is not counted (a smaller budget) and is reported', () => {
    const ins = state.raw.prepare('INSERT INTO pop VALUES (?, ?)');
    ins.run('dwh7..x.com', 'dwh');
    ins.run('DWH1.X.COM.', 'dwh'); // the same host as dwh1: counted once
    const g = gather();
    expect(g.invalidRows).toEqual([{ view: 'pop-v', value: 'dwh7..x.com', problem: 'invalid hostname "dwh7..x.com": empty label (two dots in a row, or a leading dot)', effect: 'not counted in the population of dwh' }]);
    expect(cluster(planAction(g.input), 'dwh').population).toBe(6);
  });

  it('journal entries go through the same normalisation; one that cannot refuses its cluster', () => {
    const journal = new Journal(state.raw);
    const id = journal.start({ pass: 1, action: 'drain', hostname: 'dwh1', cluster: 'dwh', group: null, command: ['true'], now: 0 });
    journal.finish(id, 'done', 0, 1, null);
    expect(cluster(planOf(), 'dwh').outHosts).toEqual([{ hostname: 'dwh1.x.com', why: 'in-progress', detail: `drain done today (journal #${id})` }]);
    const bad = journal.start({ pass: 1, action: 'drain', hostname: 'etl 1', cluster: 'etl', group: null, command: ['true'], now: 0 });
    expect(cluster(planOf(), 'etl').reason).toBe(
      `refused: journal entry #${bad}: invalid hostname "etl 1": ' ' is not allowed in a hostname (RFC 1123: letters, digits, '-' and '.') (its host may be out; nothing planned for etl until the row is fixed)`,
    );
  });
});
