import { describe, expect, it } from 'vitest';
import { ADMIN_STATES, YARN_STATES } from '../../src/db/schema.js';
import { HOST_INVARIANTS, hdfsDecommissioned, hdfsInService, yarnNotRunning, type HostFacts } from '../../src/invariants/host-state.js';

const hdfs = (...rows: [cluster: string, adminState: string, live?: boolean][]): HostFacts => ({ hdfs: rows.map(([cluster, adminState, live = true]) => ({ cluster, adminState, live })), yarn: [] });
const yarn = (...rows: [cluster: string, state: string, current?: boolean][]): HostFacts => ({ hdfs: [], yarn: rows.map(([cluster, state, current = true]) => ({ cluster, state, current })) });

describe('hdfs-decommissioned', () => {
  it('passes only when every HDFS row says decommissioned, live or dead', () => {
    expect(hdfsDecommissioned(hdfs(['dwh', 'decommissioned']))).toBeNull();
    expect(hdfsDecommissioned(hdfs(['dwh', 'decommissioned', false], ['etl', 'decommissioned']))).toBeNull();
    for (const state of ADMIN_STATES.filter((s) => s !== 'decommissioned')) expect(hdfsDecommissioned(hdfs(['dwh', state]))).toBe(`hdfs-decommissioned: dwh says ${state}`);
    expect(hdfsDecommissioned(hdfs(['etl', 'in-service'], ['dwh', 'decommissioning'], ['dwh', 'decommissioned']))).toBe('hdfs-decommissioned: dwh says decommissioning, etl says in-service');
  });

  it('fails closed for a host no HDFS source lists', () => {
    expect(hdfsDecommissioned({ hdfs: [], yarn: [] })).toBe('hdfs-decommissioned: no HDFS source lists the host');
  });
});

describe('hdfs-in-service', () => {
  it('needs live and in service in every HDFS source that lists the host', () => {
    expect(hdfsInService(hdfs(['dwh', 'in-service'], ['etl', 'in-service']))).toBeNull();
    expect(hdfsInService(hdfs(['dwh', 'in-service', false]))).toBe('hdfs-in-service: dwh says in-service, dead');
    expect(hdfsInService(hdfs(['dwh', 'in-service'], ['etl', 'in-maintenance']))).toBe('hdfs-in-service: etl says in-maintenance');
    expect(hdfsInService(hdfs(['dwh', 'In-Service']))).toBe('hdfs-in-service: dwh says In-Service');
  });

  it('fails closed for a host no HDFS source lists', () => {
    expect(hdfsInService({ hdfs: [], yarn: [] })).toBe('hdfs-in-service: no HDFS source lists the host');
  });
});

describe('yarn-not-running', () => {
  it('fails for a current row in an active state: NEW, RUNNING, UNHEALTHY, DECOMMISSIONING', () => {
    for (const state of YARN_STATES) {
      const active = ['NEW', 'RUNNING', 'UNHEALTHY', 'DECOMMISSIONING'].includes(state);
      expect(yarnNotRunning(yarn(['dwh', state]))).toBe(active ? `yarn-not-running: dwh says ${state}` : null);
    }
  });

  it('looks at current rows only', () => {
    expect(yarnNotRunning(yarn(['dwh', 'RUNNING', false], ['dwh', 'LOST']))).toBeNull();
  });

  it('passes a host no YARN source lists: it runs nothing', () => {
    expect(yarnNotRunning({ hdfs: [], yarn: [] })).toBeNull();
  });
});

it('HOST_INVARIANTS maps each per-host invariant to its check', () => {
  expect(Object.keys(HOST_INVARIANTS).sort()).toEqual(['hdfs-decommissioned', 'hdfs-in-service', 'yarn-not-running']);
});
