import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/act/journal.js';
import { parseConfig, type Config } from '../../src/config/load.js';
import { openStateDb, type StateDb } from '../../src/db/open.js';
import { gatherAction, type PlanContext } from '../../src/pass/plan-step.js';
import { planPass } from '../../src/policy/plan-pass.js';
import { fixtureRng } from '../policy/fleet-arbitrary.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Planning reads hosts from views that spell them as they like: the deny
 * view an operator wrote in capitals, an in-progress view of `host:port`
 * pairs, candidates with a trailing dot or by short name. Every spelling
 * normalizeHost maps to one host (with the config's `hosts:` options) must
 * plan exactly as the normal spelling does.
 */

const SUFFIX = '.x.example.com';
const CONFIG = `
hosts: { qualify: ${SUFFIX} }
policy:
  archetypes:
    default: { percent: 20, floor: 1 }
actions:
  drain:
    candidates: cands-v
    in_progress: inprog-v
    population: pop-v
    deny: [deny-v]
    spread: rack
    group: grp
    max_groups: 2
    run: ["true", "{hosts_file}"]
  rekick:
    candidates: cands-v
    population: pop-v
    deny: [deny-v]
    run: ["true", "{host}"]
`;

interface Fleet {
  readonly candidates: [string, string, string, string | null][];
  readonly inProgress: [string, string | null, string | null][];
  readonly deny: [string, string][];
  readonly population: [string, string][];
}

/** A random fleet in normal spelling: hosts `h<c><i>.x.example.com` of up to 3 clusters. */
const fleetArb = fc.record({ seed: fc.integer(), clusters: fc.integer({ min: 1, max: 3 }), hosts: fc.integer({ min: 3, max: 40 }) }).map(({ seed, clusters, hosts }): Fleet => {
  const rng = fixtureRng(seed);
  const f: Fleet = { candidates: [], inProgress: [], deny: [], population: [] };
  for (let c = 0; c < clusters; c++) {
    const cluster = ['dwh', 'etl', 'logs'][c]!;
    for (let i = 0; i < hosts; i++) {
      const host = `h${c}${i}${SUFFIX}`;
      f.population.push([host, cluster]);
      if (rng.chance(0.4)) {
        const row: [string, string, string, string | null] = [host, cluster, `r${rng.int(1, 4)}`, rng.chance(0.9) ? `g${rng.int(1, 3)}` : null];
        f.candidates.push(row);
        if (rng.chance(0.1)) f.candidates.push([...row]); // listed twice, identically
      }
      if (rng.chance(0.15)) f.inProgress.push([host, rng.chance(0.85) ? cluster : null, rng.chance(0.5) ? `g${rng.int(1, 3)}` : null]);
      if (rng.chance(0.15)) f.deny.push([host, 'RMA open']);
    }
  }
  return f;
});

/** Another spelling of a normal hostname that normalizeHost maps back to it (with qualify `.x.example.com`). */
function respell(host: string, rng: ReturnType<typeof fixtureRng>): string {
  let h = host;
  if (rng.chance(0.4)) h = h.slice(0, -SUFFIX.length); // short name, qualified again
  if (rng.chance(0.5)) h = [...h].map((ch) => (rng.chance(0.5) ? ch.toUpperCase() : ch)).join('');
  const form = rng.int(0, 3);
  if (form === 1) h += '.';
  else if (form === 2) h += `:${rng.int(1, 65535)}`;
  return h;
}

function respelled(f: Fleet, seed: number): Fleet {
  const rng = fixtureRng(seed);
  return {
    candidates: f.candidates.map(([h, ...rest]) => [respell(h, rng), ...rest]),
    inProgress: f.inProgress.map(([h, ...rest]) => [respell(h, rng), ...rest]),
    deny: f.deny.map(([h, ...rest]) => [respell(h, rng), ...rest]),
    population: f.population.map(([h, ...rest]) => [respell(h, rng), ...rest]),
  };
}

let state: StateDb;
let config: Config;

beforeAll(async () => {
  const dir = tempDir('bf-spelling-');
  state = await openStateDb(join(dir, 'state.db'));
  config = parseConfig(CONFIG, join(dir, 'breakfix.yaml'));
  state.raw.exec(`
    CREATE TABLE cands (hostname, cluster, rack, grp); CREATE VIEW cands_v AS SELECT hostname, cluster, rack, grp FROM cands;
    CREATE TABLE inprog (hostname, cluster, grp); CREATE VIEW inprog_v AS SELECT hostname, cluster, grp FROM inprog;
    CREATE TABLE deny (hostname, reason); CREATE VIEW deny_v AS SELECT hostname, reason FROM deny;
    CREATE TABLE pop (hostname, cluster); CREATE VIEW pop_v AS SELECT hostname, cluster FROM pop;
  `);
});
afterAll(async () => state?.close());

/** Both actions planned over `f`, as a pass plans them (no global failures, no journal). */
function plan(f: Fleet, seed: number): unknown {
  const db = state.raw;
  db.exec('DELETE FROM cands; DELETE FROM inprog; DELETE FROM deny; DELETE FROM pop;');
  const fill = (table: string, rows: readonly (readonly unknown[])[]) => {
    const ins = db.prepare(`INSERT INTO ${table} VALUES (${rows[0]?.map(() => '?').join(', ') ?? ''})`);
    for (const r of rows) ins.run(...r);
  };
  for (const [table, rows] of [['cands', f.candidates], ['inprog', f.inProgress], ['deny', f.deny], ['pop', f.population]] as const) if (rows.length > 0) fill(table, rows);
  const ctx: PlanContext = { db, config, journal: new Journal(db), pass: 1, seed, nowSeconds: 1_800_000_000, previousSourceRows: undefined };
  const gathered = config.actions.map((a) => gatherAction(ctx, a, []));
  for (const g of gathered) expect(g.invalidRows).toEqual([]);
  return planPass(gathered.map((g) => g.input));
}

describe('planning is the same however the views spell a host', () => {
  it('re-spelling hosts in candidates, in_progress, deny and population (case, trailing dot, port, short name) changes no plan', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), fc.integer(), (fleet, spelling, seed) => {
        expect(plan(respelled(fleet, spelling), seed)).toEqual(plan(fleet, seed));
      }),
      { numRuns: Number(process.env['BREAKFIX_PROPERTY_RUNS'] ?? 200) },
    );
  });
});
