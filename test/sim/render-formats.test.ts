import { describe, expect, it } from 'vitest';
import { isScraped, isUp } from '../../src/sim/host-health.js';
import { byteDesc } from '../../src/sim/java-format.js';
import { renderHdfsReport } from '../../src/sim/render-hdfs-report.js';
import { renderExcluded, renderPuppetFailing, renderResponsive } from '../../src/sim/render-hostlists.js';
import { INVENTORY_COLUMNS, renderInventory } from '../../src/sim/render-inventory.js';
import { renderPrometheusUpJson } from '../../src/sim/render-prometheus-json.js';
import { renderPrometheusText } from '../../src/sim/render-prometheus-text.js';
import { renderYarnNodes } from '../../src/sim/render-yarn-nodes.js';
import { busyWorld } from './sim-helpers.js';

const world = busyWorld();
const clusters = world.clusters.map((c) => c.name);
const byName = new Map(world.hosts.map((h) => [h.hostname, h]));
const sortedBytewise = (xs: readonly string[]): boolean => xs.every((x, i) => i === 0 || Buffer.compare(Buffer.from(xs[i - 1]!), Buffer.from(x)) < 0);

describe('inventory.tsv', () => {
  const text = renderInventory(world);
  const lines = text.split('\n');

  it('has one line per host, 11 TAB-separated columns, no header, and ends in a newline', () => {
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(world.hosts.length);
    expect(INVENTORY_COLUMNS).toHaveLength(11);
    for (const line of lines) expect(line.split('\t')).toHaveLength(11);
    expect(lines[0]!.split('\t')[0]).toMatch(/^[a-z]+\d+\.smf1\.example\.com$/);
  });

  it('writes "-" for every empty field and never an empty field', () => {
    const fields = lines.flatMap((l) => l.split('\t'));
    expect(fields.filter((f) => f === '')).toEqual([]);
    const dataGroups = lines.map((l) => l.split('\t')[5]);
    expect(dataGroups).toContain('-'); // masters, zookeeper, gateways
    const excludes = new Set(lines.map((l) => l.split('\t')[8]));
    expect([...excludes].sort()).toEqual(['-', 'true']);
  });

  it('is sorted bytewise by unique hostname', () => {
    expect(sortedBytewise(lines.map((l) => l.split('\t')[0]!))).toBe(true);
  });

  it('covers the role, lifecycle and branch vocabulary', () => {
    const col = (i: number) => new Set(lines.map((l) => l.split('\t')[i]));
    expect([...col(3)].sort()).toEqual(['gateway', 'hadoop-master', 'hadoop-worker', 'zookeeper']);
    expect([...col(6)].sort()).toEqual(['managed', 'rekicking', 'repair', 'retired']);
    expect(col(9)).toContain('canary');
    expect(col(4).size).toBeGreaterThan(60);
    for (const rack of col(4)) expect(rack).toMatch(/^\/smf1\/r\d{2,}$/);
    for (const t of col(7)) expect(t).toMatch(/^(-|BRK-\d+)$/);
    expect([...col(1)].some((ip) => ip!.includes(':'))).toBe(true);
  });
});

describe('host lists', () => {
  it('writes the exclude file with a comment header and one excluded host per line', () => {
    const text = renderExcluded(world);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^# dfs\.hosts\.exclude/);
    const hosts = lines.filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(/\s+/)[0]!);
    expect(hosts.sort()).toEqual(world.hosts.filter((h) => h.excluded).map((h) => h.hostname).sort());
    for (const l of lines.filter((x) => x.includes('   #'))) expect(l).toMatch(/^\S+ {3}# BRK-\d+$/);
    for (const c of clusters) expect(lines).toContain(`# cluster ${c}`);
  });

  it('lists responsive and puppet-failing hosts one per line, sorted', () => {
    const responsive = renderResponsive(world).split('\n').slice(0, -1);
    expect(responsive).toEqual(world.hosts.filter((h) => h.down === null).map((h) => h.hostname));
    expect(sortedBytewise(responsive)).toBe(true);
    const failing = renderPuppetFailing(world).split('\n').slice(0, -1);
    expect(failing.length).toBeGreaterThan(0);
    for (const h of failing) expect(byName.get(h)!.puppetOk).toBe(false);
  });
});

describe('metrics.prom (text exposition)', () => {
  const text = renderPrometheusText(world);
  const lines = text.split('\n');
  const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{instance="([^"]+):9100",job="node"\} (\S+) (\d{13})$/;

  it('has only HELP, TYPE and sample lines that parse, ending in a newline', () => {
    expect(lines.pop()).toBe('');
    for (const line of lines) {
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      expect(line).toMatch(SAMPLE);
    }
  });

  it('groups each metric after its HELP and TYPE lines', () => {
    const seen: string[] = [];
    let current = '';
    for (const line of lines) {
      const type = /^# TYPE (\S+) (untyped|gauge|counter)$/.exec(line);
      if (type !== null) {
        expect(seen).not.toContain(type[1]);
        current = type[1]!;
        seen.push(current);
        continue;
      }
      const m = SAMPLE.exec(line);
      if (m !== null) expect(m[1]).toBe(current);
    }
    expect(seen).toEqual(['up', 'node_load1', 'node_boot_time_seconds', 'puppet_last_run_success', 'node_disk_errors_total']);
  });

  it('has an up sample per scraped host and nothing else from hosts that are down', () => {
    const samples = lines.map((l) => SAMPLE.exec(l)).filter((m) => m !== null);
    const up = samples.filter((m) => m[1] === 'up');
    expect(up).toHaveLength(world.hosts.filter(isScraped).length);
    const downHosts = new Set(up.filter((m) => m[3] === '0').map((m) => m[2]));
    expect(downHosts.size).toBeGreaterThan(0);
    for (const m of samples) if (m[1] !== 'up') expect(downHosts.has(m[2])).toBe(false);
    for (const m of up) expect(m[3]).toBe(isUp(byName.get(m[2]!)!) ? '1' : '0');
  });

  it('writes timestamps in milliseconds within the scrape interval before the sim clock', () => {
    for (const m of lines.map((l) => SAMPLE.exec(l)).filter((x) => x !== null)) {
      const ts = Number(m[4]);
      expect(ts).toBeLessThanOrEqual(world.now * 1000);
      expect(ts).toBeGreaterThan(world.now * 1000 - 15_000);
    }
  });
});

describe('up.json (HTTP API vector)', () => {
  const text = renderPrometheusUpJson(world);

  it('is compact JSON of a successful vector with sorted labels and string values', () => {
    expect(text).not.toMatch(/\n/);
    const doc = JSON.parse(text) as { status: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
    expect(doc.status).toBe('success');
    expect(doc.data.resultType).toBe('vector');
    expect(doc.data.result).toHaveLength(world.hosts.filter(isScraped).length);
    for (const r of doc.data.result) {
      expect(Object.keys(r.metric)).toEqual(['__name__', 'instance', 'job']);
      expect(typeof r.value[0]).toBe('number');
      expect(r.value[1]).toMatch(/^[01]$/);
    }
    expect(text).toMatch(/"value":\[\d+\.\d{3},"1"\]/);
  });
});

describe('hdfs dfsadmin -report', () => {
  const SECTION = /^(Live|Dead|Decommissioning|Entering maintenance|In maintenance) datanodes \((\d+)\):$/;
  const BLOCK_KEYS = [
    'Name', 'Hostname', 'Rack', 'Decommission Status ', 'Configured Capacity', 'DFS Used', 'Non DFS Used', 'DFS Remaining', 'DFS Used%', 'DFS Remaining%',
    'Configured Cache Capacity', 'Cache Used', 'Cache Remaining', 'Cache Used%', 'Cache Remaining%', 'Xceivers', 'Last contact', 'Last Block Report', 'Num of Blocks',
  ];
  const BYTES = /^(\d+) \((.+)\)$/;
  const DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/;

  for (const cluster of clusters) {
    describe(cluster, () => {
      const text = renderHdfsReport(world, cluster);
      const lines = text.split('\n');
      const dash = lines.indexOf('-'.repeat(49));

      it('ends the summary with a blank line and exactly 49 dashes', () => {
        expect(lines[0]).toMatch(/^Configured Capacity: \d+ \(/);
        expect(dash).toBeGreaterThan(0);
        expect(lines[dash - 1]).toBe('');
        expect(lines.filter((l) => /^-+$/.test(l))).toEqual(['-'.repeat(49)]);
        expect(lines).toContain('Erasure Coded Block Groups: ');
        expect(lines).toContain('\tMissing blocks: 0');
      });

      it('has as many blocks in each section as its header says, each header followed by one blank line', () => {
        let section: { count: number; blocks: number } | undefined;
        const sections: { count: number; blocks: number }[] = [];
        lines.slice(dash + 1).forEach((line, i, rest) => {
          const m = SECTION.exec(line);
          if (m !== null) {
            section = { count: Number(m[2]), blocks: 0 };
            sections.push(section);
            expect(rest[i + 1]).toBe('');
            expect(rest[i + 2]).toMatch(/^Name: /);
          } else if (line.startsWith('Name: ')) {
            section!.blocks++;
          }
        });
        expect(sections.length).toBeGreaterThanOrEqual(2);
        for (const s of sections) expect(s.blocks).toBe(s.count);
      });

      it('prints every block in the 3.3 line order with "Decommission Status : " and two blank lines after it', () => {
        let blocks = 0;
        lines.forEach((line, i) => {
          if (!line.startsWith('Name: ')) return;
          blocks++;
          const end = lines.indexOf('', i);
          const blockLines = lines.slice(i, end);
          const keys = blockLines.map((l) => l.slice(0, l.indexOf(':')));
          const expected = blockLines.some((l) => l.startsWith('Rack: ')) ? BLOCK_KEYS : BLOCK_KEYS.filter((k) => k !== 'Rack');
          expect(keys).toEqual(expected);
          expect(blockLines[expected.indexOf('Decommission Status ')]).toMatch(/^Decommission Status : (Normal|Decommission in progress|Decommissioned|In maintenance)$/);
          expect(lines[end + 1]).toBe('');
          expect(lines[end + 2] === '' ? end + 2 === lines.length - 1 : /^Name: |datanodes \(\d+\):$/.test(lines[end + 2]!)).toBe(true);
        });
        expect(blocks).toBeGreaterThan(0);
        expect(text.endsWith('\n\n\n')).toBe(true);
      });

      it('prints byte counts as <long> (<byteDesc>) and dates as Date#toString in UTC', () => {
        for (const l of lines) {
          const kv = /^(Configured Capacity|DFS Used|Non DFS Used|DFS Remaining|Present Capacity|Configured Cache Capacity|Cache Used|Cache Remaining): (.*)$/.exec(l);
          if (kv !== null) {
            const m = BYTES.exec(kv[2]!);
            expect(m, l).not.toBeNull();
            expect(m![2]).toBe(byteDesc(BigInt(m![1]!)));
          }
          if (l.startsWith('Last contact: ')) expect(l.slice(14)).toMatch(DATE);
          if (l.startsWith('Last Block Report: ')) expect(l.slice(19)).toMatch(/^(Never|.*UTC \d{4})$/);
          if (/^(DFS|Cache) (Used|Remaining)%: /.test(l)) expect(l).toMatch(/: \d+\.\d{2}%$/);
        }
      });

      it('sorts registered nodes by the string ip:port within a section', () => {
        const live: string[] = [];
        let inLive = false;
        for (const l of lines) {
          const m = SECTION.exec(l);
          if (m !== null) inLive = m[1] === 'Live';
          else if (inLive && l.startsWith('Name: ')) live.push(l.slice(6).replace(/ \(.*\)$/, ''));
        }
        expect(live.length).toBeGreaterThan(0);
        expect(sortedBytewise(live)).toBe(true);
      });
    });
  }

  it('lists a decommissioning node in Live and Decommissioning, and a dead maintenance node in Dead and In maintenance', () => {
    const text = renderHdfsReport(world, 'dwh');
    const sectionOf = new Map<string, string[]>();
    let section = '';
    for (const l of text.split('\n')) {
      const m = SECTION.exec(l);
      if (m !== null) section = m[1]!;
      else if (l.startsWith('Hostname: ')) sectionOf.set(l.slice(10), [...(sectionOf.get(l.slice(10)) ?? []), section]);
    }
    const multi = [...sectionOf.values()].map((s) => s.join('+'));
    expect(multi).toContain('Live+Decommissioning');
    expect(multi).toContain('Dead+In maintenance');
  });

  it('prints never-registered include entries last in Dead, without Rack, with epoch contact and no block report', () => {
    const text = renderHdfsReport(world, 'dwh');
    const dead = text.slice(text.indexOf('Dead datanodes ('), text.search(/\n(Decommissioning|In maintenance) datanodes/));
    const blocks = dead.split('\n\n\n').filter((b) => b.includes('Name: '));
    const never = blocks.filter((b) => b.includes('Last contact: Thu Jan 01 00:00:00 UTC 1970'));
    expect(never.length).toBeGreaterThan(0);
    expect(blocks.slice(-never.length)).toEqual(never);
    for (const b of never) {
      expect(b).not.toMatch(/\nRack: /);
      expect(b).toMatch(/\nLast Block Report: Never\n/);
      expect(b).toMatch(/\nConfigured Capacity: 0 \(0 B\)\n/);
      expect(b).toMatch(/\nDFS Used%: 100\.00%\n/);
    }
  });

  it('prints an IPv6 datanode without a reverse-DNS suffix and short registered names as they registered', () => {
    const all = clusters.map((c) => renderHdfsReport(world, c)).join('');
    expect(all).toMatch(/\nName: 2001:db8:[0-9a-f:]+:9866\n/);
    expect(all).toMatch(/\nHostname: dn\d{4}\n/);
  });
});

describe('yarn node -list -all', () => {
  const WIDTHS = [16, 15, 17, 28];
  const STATES = new Set(['NEW', 'RUNNING', 'UNHEALTHY', 'DECOMMISSIONED', 'LOST', 'REBOOTED', 'DECOMMISSIONING', 'SHUTDOWN']);

  for (const cluster of clusters) {
    it(`${cluster}: starts with the log4j line, then Total Nodes equal to the rows`, () => {
      const lines = renderYarnNodes(world, cluster).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO client\.DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at rm\d{4}\.smf1\.example\.com\/[\d.]+:8032$/);
      expect(lines[1]).toMatch(/^Total Nodes:\d+$/);
      expect(Number(lines[1]!.slice('Total Nodes:'.length))).toBe(lines.length - 3);
      expect(lines[2]).toBe('         Node-Id\t     Node-State\tNode-Http-Address\tNumber-of-Running-Containers');
    });

    it(`${cluster}: pads every row %16s\\t%15s\\t%17s\\t%28s, right-justified, one TAB between columns`, () => {
      const rows = renderYarnNodes(world, cluster).split('\n').slice(3, -1);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const cells = row.split('\t');
        expect(cells).toHaveLength(4);
        cells.forEach((cell, i) => {
          expect(cell).toBe(cell.trim().padStart(WIDTHS[i]!));
          expect(cell.trim()).not.toBe('');
        });
        expect(STATES.has(cells[1]!.trim())).toBe(true);
        expect(cells[3]!.trim()).toMatch(/^\d+$/);
      }
    });
  }

  it('shows exclude-list placeholders as host:-1 DECOMMISSIONED and restarted hosts twice under different ports', () => {
    const rows = clusters.flatMap((c) => renderYarnNodes(world, c).split('\n').slice(3, -1)).map((r) => r.split('\t').map((c) => c.trim()));
    const placeholders = rows.filter((r) => r[0]!.endsWith(':-1'));
    expect(placeholders.length).toBeGreaterThan(0);
    for (const r of placeholders) {
      expect(r[1]).toBe('DECOMMISSIONED');
      expect(r[2]).toBe(r[0]);
    }
    const perHost = new Map<string, string[]>();
    for (const r of rows) {
      const hostname = r[0]!.slice(0, r[0]!.lastIndexOf(':'));
      perHost.set(hostname, [...(perHost.get(hostname) ?? []), r[0]!]);
    }
    const duplicated = [...perHost.values()].filter((ids) => ids.length > 1);
    expect(duplicated.length).toBeGreaterThan(0);
    for (const ids of duplicated) expect(new Set(ids).size).toBe(ids.length);
  });
});
