import { describe, expect, it } from 'vitest';
import { hdfsDecommissioned, hdfsInService, yarnNotRunning } from '../../src/invariants/host-state.js';
import { checkInputsFresh } from '../../src/invariants/inputs-fresh.js';
import { checkInputsNotShrunk } from '../../src/invariants/inputs-not-shrunk.js';

describe('inputs-fresh', () => {
  const now = 1_800_000_000;
  it('fails a source older than its max_age, naming both ages', () => {
    expect(checkInputsFresh([{ name: 'inventory', maxAge: 7200 }], [{ source: 'inventory', status: 'ok', pass: 3, dataTime: now - 11520 }], { pass: 3, now })).toEqual([
      'inventory is 3h12m old (max_age 2h)',
    ]);
  });
  it('fails a source not imported this pass, never imported, or whose last import failed', () => {
    expect(
      checkInputsFresh(
        [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        [
          { source: 'a', status: 'unchanged', pass: 2, dataTime: now },
          { source: 'c', status: 'failed', pass: 3, dataTime: null },
        ],
        { pass: 3, now },
      ),
    ).toEqual(['a was not imported this pass', 'b was never imported', 'c: its last import failed']);
  });
  it('passes fresh sources, unchanged ones included', () => {
    expect(checkInputsFresh([{ name: 'a', maxAge: 60 }], [{ source: 'a', status: 'unchanged', pass: 3, dataTime: now - 30 }], { pass: 3, now })).toEqual([]);
  });
});

describe('inputs-not-shrunk', () => {
  it('fails a source that lost more than the threshold', () => {
    expect(checkInputsNotShrunk(new Map([['excluded', 850], ['inventory', 3000]]), new Map([['excluded', 1000], ['inventory', 3010]]), 10)).toEqual([
      'excluded fell from 1000 to 850 rows (-15%, max -10%)',
    ]);
  });
  it('passes growth, small drops and new sources', () => {
    expect(checkInputsNotShrunk(new Map([['a', 95], ['b', 200], ['c', 5]]), new Map([['a', 100], ['b', 100]]), 10)).toEqual([]);
  });
});

describe('per-host invariants', () => {
  const hdfs = (adminState: string, live = true) => ({ hdfs: [{ cluster: 'dwh', adminState, live }], yarn: [] });
  it('hdfs-decommissioned passes only when every HDFS source says decommissioned, and fails closed for an unknown host', () => {
    expect(hdfsDecommissioned(hdfs('decommissioned'))).toBeNull();
    expect(hdfsDecommissioned(hdfs('decommissioning'))).toBe('hdfs-decommissioned: dwh says decommissioning');
    expect(hdfsDecommissioned({ hdfs: [], yarn: [] })).toBe('hdfs-decommissioned: no HDFS source lists the host');
  });
  it('hdfs-in-service needs live and in service', () => {
    expect(hdfsInService(hdfs('in-service'))).toBeNull();
    expect(hdfsInService(hdfs('in-service', false))).toBe('hdfs-in-service: dwh says in-service, dead');
    expect(hdfsInService({ hdfs: [], yarn: [] })).toBe('hdfs-in-service: no HDFS source lists the host');
  });
  it('yarn-not-running looks at the current entry only', () => {
    expect(yarnNotRunning({ hdfs: [], yarn: [{ cluster: 'dwh', state: 'RUNNING', current: false }, { cluster: 'dwh', state: 'LOST', current: true }] })).toBeNull();
    expect(yarnNotRunning({ hdfs: [], yarn: [{ cluster: 'dwh', state: 'UNHEALTHY', current: true }] })).toBe('yarn-not-running: dwh says UNHEALTHY');
    expect(yarnNotRunning({ hdfs: [], yarn: [] })).toBeNull();
  });
});

describe('inputs-not-shrunk per source', () => {
  it('lets a source allow more shrinking than the default', () => {
    const limit = (s: string) => (s === 'excluded' ? 100 : 10);
    expect(checkInputsNotShrunk(new Map([['excluded', 10], ['inventory', 800]]), new Map([['excluded', 80], ['inventory', 1000]]), limit)).toEqual([
      'inventory fell from 1000 to 800 rows (-20%, max -10%)',
    ]);
  });
});
