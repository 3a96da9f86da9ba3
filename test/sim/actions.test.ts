import { describe, expect, it } from 'vitest';
import { applyAction } from '../../src/sim/actions.js';
import { isBroken } from '../../src/sim/host-health.js';
import { parseHostsFile } from '../../src/sim/hosts-file.js';
import { renderHdfsReport } from '../../src/sim/render-hdfs-report.js';
import { renderExcluded, renderResponsive } from '../../src/sim/render-hostlists.js';
import { renderYarnNodes } from '../../src/sim/render-yarn-nodes.js';
import type { SimState } from '../../src/sim/sim-state.js';
import { tick } from '../../src/sim/tick.js';
import { act, firstHost, fleet, healthyWorker, host } from './sim-helpers.js';

/** Tick until `done` holds, at most `max` ticks; returns the state and the ticks it took. */
function tickUntil(s: SimState, done: (s: SimState) => boolean, max: number): { state: SimState; ticks: number } {
  let state = s;
  for (let i = 0; i <= max; i++) {
    if (done(state)) return { state, ticks: i };
    state = tick(state, 1);
  }
  throw new Error(`condition not reached in ${max} ticks`);
}

/** The block of one host in a report: its `Name:` line to `Num of Blocks:`. */
function reportLinesOf(report: string, hostname: string): string {
  const at = report.indexOf(`Hostname: ${hostname}\n`);
  return report.slice(report.lastIndexOf('Name: ', at), report.indexOf('Num of Blocks', at));
}

describe('drain', () => {
  const s0 = fleet(21, 400, { rates: { crash: 0, puppetFail: 0, diskFault: 0, exporterDown: 0 } });
  const target = firstHost(s0, 'a healthy dwh worker', (h) => healthyWorker(h) && h.cluster === 'dwh');

  it('takes a host through decommissioning to decommissioned over ticks, in HDFS and YARN', () => {
    const r = act(s0, 'drain', [target.hostname]);
    expect(r.exitCode).toBe(0);
    expect(r.records).toMatchObject([{ action: 'drain', host: target.hostname, outcome: 'applied', violation: null, hdfs: { adminState: 'in-service', live: true, excluded: false } }]);
    const drained = host(r.state, target.hostname);
    expect(drained.excluded).toBe(true);
    expect(drained.hdfs!.admin).toBe('decommissioning');
    expect(drained.yarn!.state).toBe('DECOMMISSIONING');
    expect(renderExcluded(r.state)).toContain(`${target.hostname}   # BRK-`);
    const report = renderHdfsReport(r.state, 'dwh');
    expect(reportLinesOf(report, target.hostname)).toContain('Decommission Status : Decommission in progress');
    expect(report.slice(report.indexOf('Decommissioning datanodes'))).toContain(`Hostname: ${target.hostname}\n`);

    const { state, ticks } = tickUntil(r.state, (s) => host(s, target.hostname).hdfs!.admin === 'decommissioned', 10);
    expect(ticks).toBeGreaterThanOrEqual(2); // the dwh cluster takes 2-5 ticks
    expect(host(state, target.hostname).yarn!.state).toBe('DECOMMISSIONED');
    expect(reportLinesOf(renderHdfsReport(state, 'dwh'), target.hostname)).toContain('Decommission Status : Decommissioned');
    expect(renderYarnNodes(state, 'dwh')).toMatch(new RegExp(`${target.hostname.replaceAll('.', '\\.')}:\\d+\\t DECOMMISSIONED\\t`));
  });

  it('marks the asset DB: lifecycle repair, a new ticket, hadoop_exclude', () => {
    const h = host(act(s0, 'drain', [target.hostname]).state, target.hostname);
    expect(h.lifecycle).toBe('repair');
    expect(h.serviceTicket).toMatch(/^BRK-\d+$/);
    expect(h.hadoopExclude).toBe(true);
  });

  it('does nothing, and says so, for an excluded host or a host that is not a datanode', () => {
    const once = act(s0, 'drain', [target.hostname]).state;
    expect(act(once, 'drain', [target.hostname]).records[0]).toMatchObject({ outcome: 'noop', note: expect.stringContaining('already in the exclude file') });
    const gw = firstHost(s0, 'a gateway', (h) => h.role === 'gateway');
    const r = act(s0, 'drain', [gw.hostname]);
    expect(r.exitCode).toBe(0);
    expect(r.records[0]).toMatchObject({ outcome: 'noop', hdfs: null });
  });
});

describe('rekick', () => {
  const quiet = { rates: { crash: 0, puppetFail: 0, diskFault: 0, exporterDown: 0 } };

  function decommissionedBroken(patch: object): { s: SimState; name: string } {
    let s = fleet(22, 400, patch);
    const h = firstHost(s, 'a healthy worker', healthyWorker);
    s = act(s, 'drain', [h.hostname]).state;
    s = tickUntil(s, (x) => host(x, h.hostname).hdfs!.admin === 'decommissioned', 10).state;
    // A disk goes bad and puppet breaks while it is out: the reason it was drained.
    const copy = structuredClone(s);
    const broken = host(copy, h.hostname);
    broken.diskFault = true;
    broken.diskErrors = 42;
    broken.puppetOk = false;
    return { s: copy, name: h.hostname };
  }

  it('returns a decommissioned host healthy after a few ticks: puppet ok, no disk errors, empty disks, still decommissioned', () => {
    const { s, name } = decommissionedBroken({ ...quiet, rekickFailProbability: 0 });
    const r = act(s, 'rekick', [name]);
    expect(r.records[0]).toMatchObject({ outcome: 'applied', violation: null, hdfs: { adminState: 'decommissioned' }, faults: ['puppet', 'disk'] });
    const during = host(r.state, name);
    expect(during.down).toBe('rekick');
    expect(renderResponsive(r.state)).not.toContain(`${name}\n`);
    const { state, ticks } = tickUntil(r.state, (x) => host(x, name).rekick === null, 10);
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(ticks).toBeLessThanOrEqual(4);
    const after = host(state, name);
    expect(after.down).toBeNull();
    expect(after.puppetOk).toBe(true);
    expect(after.diskFault).toBe(false);
    expect(after.diskErrors).toBe(0);
    expect(isBroken(after)).toBe(false);
    expect(after.hdfs).toMatchObject({ admin: 'decommissioned', live: true, dfsUsed: 0, numBlocks: 0 });
    expect(after.bootTime).toBe(state.now);
  });

  it('leaves the host dead when the rekick fails (seeded probability)', () => {
    const { s, name } = decommissionedBroken({ ...quiet, rekickFailProbability: 1 });
    const state = tick(act(s, 'rekick', [name]).state, 8);
    const h = host(state, name);
    expect(h.down).toBe('rekick-failed');
    expect(isBroken(h)).toBe(true);
    expect(h.hdfs!.live).toBe(false);
  });

  it('picks the same outcome for the same seed and invocation', () => {
    const { s, name } = decommissionedBroken({ ...quiet, rekickFailProbability: 0.5 });
    const a = tick(act(s, 'rekick', [name]).state, 5);
    const b = tick(act(s, 'rekick', [name]).state, 5);
    expect(host(a, name).down).toBe(host(b, name).down);
  });

  it('records a rekick of a host HDFS still has in service as a violation, and carries it out anyway', () => {
    const s = fleet(23, 400, quiet);
    const h = firstHost(s, 'a healthy worker', healthyWorker);
    const r = act(s, 'rekick', [h.hostname]);
    expect(r.exitCode).toBe(0);
    expect(r.records[0]).toMatchObject({ outcome: 'applied', hdfs: { adminState: 'in-service', live: true } });
    expect(r.records[0]!.violation).toMatch(/in service/);
    expect(host(r.state, h.hostname).down).toBe('rekick');
    expect(host(r.state, h.hostname).yarn!.state).toBe('SHUTDOWN');
  });

  it('records a rekick of a host still decommissioning as a violation', () => {
    const s0 = fleet(24, 400, quiet);
    const h = firstHost(s0, 'a healthy worker', healthyWorker);
    const s = act(s0, 'drain', [h.hostname]).state;
    expect(act(s, 'rekick', [h.hostname]).records[0]!.violation).toMatch(/decommissioning/);
  });
});

describe('release', () => {
  it('returns a repaired host to service: recommissioned, NodeManager RUNNING under a new port, the old entry left behind', () => {
    let s = fleet(25, 400, { rates: { crash: 0, puppetFail: 0, diskFault: 0, exporterDown: 0 }, rekickFailProbability: 0 });
    const h = firstHost(s, 'a healthy worker', healthyWorker);
    const oldPort = h.yarn!.port;
    s = act(s, 'drain', [h.hostname]).state;
    s = tickUntil(s, (x) => host(x, h.hostname).hdfs!.admin === 'decommissioned', 10).state;
    const r = act(s, 'release', [h.hostname]);
    expect(r.records[0]).toMatchObject({ outcome: 'applied', hdfs: { adminState: 'decommissioned', excluded: true } });
    const after = host(r.state, h.hostname);
    expect(after.excluded).toBe(false);
    expect(after.hdfs!.admin).toBe('in-service');
    expect(after.yarn!.state).toBe('RUNNING');
    expect(after.yarn!.port).not.toBe(oldPort);
    expect(after).toMatchObject({ lifecycle: 'managed', serviceTicket: '', hadoopExclude: false, drainedBySim: false });
    expect(renderExcluded(r.state)).not.toContain(h.hostname);
    const ids = renderYarnNodes(r.state, h.cluster).split('\n').filter((l) => l.trimStart().startsWith(`${h.hostname}:`)).map((l) => l.split('\t')[0]!.trim());
    expect(ids).toEqual(expect.arrayContaining([`${h.hostname}:${oldPort}`, `${h.hostname}:${after.yarn!.port}`]));
  });

  it('does nothing for a host that is not excluded', () => {
    const s = fleet(25, 400);
    const h = firstHost(s, 'a healthy worker', healthyWorker);
    expect(act(s, 'release', [h.hostname]).records[0]).toMatchObject({ outcome: 'noop' });
  });
});

describe('invocations', () => {
  const s = fleet(26, 400);
  const known = firstHost(s, 'a healthy worker', healthyWorker).hostname;

  it('rejects the whole invocation when a hostname is unknown: exit 1, a message naming it, nothing changed', () => {
    const r = applyAction(s, 'drain', [known, 'dn9999.nowhere.example.com'], null);
    expect(r.exitCode).toBe(1);
    expect(r.messages.join('\n')).toContain('unknown host: dn9999.nowhere.example.com');
    expect(JSON.stringify(r.state.hosts)).toBe(JSON.stringify(s.hosts));
    expect(r.records.map((x) => x.outcome)).toEqual(['rejected', 'rejected']);
    expect(r.state.actionSeq).toBe(s.actionSeq + 1);
  });

  it('fails an invocation with the configured probability: exit 1, nothing changed, recorded as failed', () => {
    const failing = { ...s, config: { ...s.config, actionFailProbability: 1 } };
    const r = applyAction(failing, 'drain', [known], null);
    expect(r.exitCode).toBe(1);
    expect(r.messages.join('\n')).toMatch(/simulated failure/);
    expect(host(r.state, known).excluded).toBe(false);
    expect(r.records[0]).toMatchObject({ outcome: 'failed' });
  });

  it('records who invoked it and numbers invocations', () => {
    const invoker = { action: 'drain', day: '2026-11-23', pass: '3' };
    const first = applyAction(s, 'drain', [known], invoker);
    const second = applyAction(first.state, 'drain', [known], invoker);
    expect(first.records[0]).toMatchObject({ seq: 1, invoker, tick: 0, time: '2026-11-23T00:00:00Z' });
    expect(second.records[0]).toMatchObject({ seq: 2, outcome: 'noop' });
  });

  it('accepts a short name and applies a host listed twice once', () => {
    const r = act(s, 'drain', [known.replace(/\..*$/, ''), known]);
    expect(r.records.map((x) => [x.host, x.outcome])).toEqual([[known, 'applied'], [known, 'noop']]);
  });

  it('reads hosts files one per line, with comments and blank lines', () => {
    expect(parseHostsFile('dn0001.smf1.example.com\n\n# a comment\ndn0002.smf1.example.com   # why\r\n')).toEqual(['dn0001.smf1.example.com', 'dn0002.smf1.example.com']);
  });
});
