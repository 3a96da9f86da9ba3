import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

const DAY = '2026-11-23';
const at = (hhmm: string) => ({ BREAKFIX_NOW: `${DAY}T${hhmm}:00Z` });

function budgetBasis(dir: string): string {
  const plan = JSON.parse(readFileSync(join(dir, 'runs', DAY, 'plan', 'fix.json'), 'utf8')) as { clusters: { cluster: string; basis: string }[] };
  return plan.clusters.find((c) => c.cluster === 'dwh')!.basis;
}

function cachedVersion(dir: string): string | undefined {
  const db = new Database(join(dir, 'runs', DAY, 'state.db'), { readonly: true });
  try {
    return db.prepare(`SELECT version FROM population_cache WHERE population = ''`).pluck().get() as string | undefined;
  } finally {
    db.close();
  }
}

describe('population counts across passes', () => {
  it('reuses a population count while the inventory is the same, and counts again when it changes', () => {
    const broken = Array.from({ length: 10 }, (_, i) => hostName('dwh', i + 1));
    const files = fleetFiles({ clusters: { dwh: 49 }, broken, run: ['true', '{hosts_file}'] });
    const dir = makeWorkspace(files);
    expect(runCli(dir, ['pass', '-q'], { env: at('12:00') }).code).toBe(0);
    expect(budgetBasis(dir)).toBe('6% of 49 = 2');
    const version = cachedVersion(dir);
    expect(version).toBeDefined();

    expect(runCli(dir, ['pass', '-q'], { env: at('12:10') }).code).toBe(0);
    expect(cachedVersion(dir)).toBe(version);
    expect(budgetBasis(dir)).toBe('6% of 49 = 2');

    // Fifty-one more dwh hosts: a new inventory import, so a new count and a bigger budget.
    const bigger = fleetFiles({ clusters: { dwh: 100 }, broken, run: ['true', '{hosts_file}'] });
    writeFileSync(join(dir, 'inputs', 'inventory.tsv'), bigger['inputs/inventory.tsv']!);
    expect(runCli(dir, ['pass', '-q'], { env: at('12:20') }).code).toBe(0);
    expect(cachedVersion(dir)).not.toBe(version);
    expect(budgetBasis(dir)).toBe('6% of 100 = 6');
  });
});
