import { describe, expect, it } from 'vitest';
import { hdfsReportParser } from '../../src/sources/hdfs-report.js';
import { hostlistParser } from '../../src/sources/hostlist.js';
import { parseLines } from '../../src/sources/parser.js';
import { parsePrometheusJson } from '../../src/sources/prometheus-json.js';
import { prometheusTextParser } from '../../src/sources/prometheus-text.js';
import { yarnNodesParser } from '../../src/sources/yarn-nodes.js';
import { isScraped, isUp } from '../../src/sim/host-health.js';
import { renderHdfsReport } from '../../src/sim/render-hdfs-report.js';
import { renderExcluded, renderResponsive } from '../../src/sim/render-hostlists.js';
import { renderPrometheusUpJson } from '../../src/sim/render-prometheus-json.js';
import { renderPrometheusText } from '../../src/sim/render-prometheus-text.js';
import { renderYarnNodes } from '../../src/sim/render-yarn-nodes.js';
import { busyWorld } from './sim-helpers.js';

/** The simulator's renders read by breakfix's own parsers (src/sources), the way an import would. */
const world = busyWorld();
const short = (h: string): string => h.replace(/\..*$/, '');

describe('breakfix parsers read the simulated inputs', () => {
  for (const c of world.clusters) {
    it(`hdfs-report: one row per datanode of ${c.name}, with the sim's liveness and admin state`, () => {
      const rows = parseLines(hdfsReportParser, {}, renderHdfsReport(world, c.name));
      const nodes = world.hosts.filter((h) => h.cluster === c.name && h.hdfs !== null);
      expect(rows).toHaveLength(nodes.length);
      const byShort = new Map(rows.map((r) => [short(r.hostname), r]));
      for (const h of nodes) {
        const r = byShort.get(short(h.hostname))!;
        expect(r, h.hostname).toBeDefined();
        expect(r.live).toBe(h.hdfs!.live ? 1 : 0);
        expect(r.registered).toBe(h.hdfs!.registered ? 1 : 0);
        const expected = !h.hdfs!.registered ? (h.excluded ? 'decommissioned' : 'in-service') : h.hdfs!.admin;
        expect(r.admin_state).toBe(expected);
        expect(r.ip).toBe(h.ip);
      }
    });

    it(`yarn-nodes: one row per NodeManager entry of ${c.name}`, () => {
      const rows = parseLines(yarnNodesParser, {}, renderYarnNodes(world, c.name));
      const entries = world.hosts.filter((h) => h.cluster === c.name && h.role === 'hadoop-worker').flatMap((h) => [...h.yarnGhosts, ...(h.yarn === null ? [] : [h.yarn])]);
      expect(rows).toHaveLength(entries.length);
      expect(new Set(rows.map((r) => r.state))).toContain('RUNNING');
    });
  }

  it('prometheus-text: every sample, with the host in the instance label', () => {
    const rows = parseLines(prometheusTextParser, { hostLabel: 'instance', defaultTs: world.now }, renderPrometheusText(world));
    const up = rows.filter((r) => r.metric === 'up');
    expect(up).toHaveLength(world.hosts.filter(isScraped).length);
    expect(rows.filter((r) => r.metric === 'puppet_last_run_success')).toHaveLength(world.hosts.filter(isUp).length);
    for (const r of rows) expect(r.ts).toBeLessThanOrEqual(world.now);
  });

  it('prometheus-json: the up vector', () => {
    const rows = parsePrometheusJson(renderPrometheusUpJson(world), { hostLabel: 'instance' });
    expect(rows).toHaveLength(world.hosts.filter(isScraped).length);
    expect(rows.filter((r) => r.value === 0).length).toBe(world.hosts.filter((h) => isScraped(h) && !isUp(h)).length);
  });

  it('hostlist: the exclude file yields exactly the excluded hosts (comments dropped)', () => {
    const tokens = parseLines(hostlistParser, {}, renderExcluded(world)).map((e) => e.token);
    expect(tokens.sort()).toEqual(world.hosts.filter((h) => h.excluded).map((h) => h.hostname).sort());
    expect(parseLines(hostlistParser, {}, renderResponsive(world))).toHaveLength(world.hosts.filter((h) => h.down === null).length);
  });
});
