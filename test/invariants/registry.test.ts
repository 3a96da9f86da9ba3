import { describe, expect, it } from 'vitest';
import { INVARIANT_NAMES } from '../../src/config/schema.js';
import { checkHost, hostInvariantsOf, invariantFailed, INVARIANTS, invariantsOfScope, scopeOf } from '../../src/invariants/registry.js';

describe('the invariant registry', () => {
  it('knows every built-in invariant and its scope', () => {
    expect(Object.keys(INVARIANTS).sort()).toEqual([...INVARIANT_NAMES].sort());
    expect(INVARIANT_NAMES.map((n) => [n, scopeOf(n)])).toEqual([
      ['inputs-fresh', 'global'],
      ['inputs-not-shrunk', 'global'],
      ['candidates-sane', 'cluster'],
      ['hdfs-healthy', 'cluster'],
      ['hdfs-capacity', 'cluster'],
      ['hdfs-decommissioned', 'host'],
      ['hdfs-in-service', 'host'],
      ['yarn-not-running', 'host'],
    ]);
  });

  it('picks out the ones an action lists, by scope, in a stable order', () => {
    expect(invariantsOfScope(['yarn-not-running', 'inputs-fresh', 'hdfs-in-service'], 'host')).toEqual(['hdfs-in-service', 'yarn-not-running']);
    expect(invariantsOfScope(['yarn-not-running', 'inputs-fresh'], 'global')).toEqual(['inputs-fresh']);
    expect(hostInvariantsOf(['candidates-sane'])).toEqual([]);
  });

  it('runs an action’s per-host invariants over one host', () => {
    const facts = { hdfs: [{ cluster: 'dwh', adminState: 'decommissioning', live: true }], yarn: [{ cluster: 'dwh', state: 'RUNNING', current: true }] };
    expect(checkHost(['inputs-fresh', 'yarn-not-running', 'hdfs-decommissioned'], facts)).toEqual([
      'hdfs-decommissioned: dwh says decommissioning',
      'yarn-not-running: dwh says RUNNING',
    ]);
    expect(checkHost(['inputs-fresh'], facts)).toEqual([]);
  });

  it('words a failure the way plans and summaries show it', () => {
    expect(invariantFailed('inputs-fresh', 'inventory is 3h12m old (max_age 2h)')).toBe('invariant inputs-fresh failed: inventory is 3h12m old (max_age 2h)');
  });
});
