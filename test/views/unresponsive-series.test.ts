import { afterEach, describe, expect, it } from 'vitest';
import { viewLines } from '../../src/export/view-lines.js';
import { writeSettings } from '../../src/db/settings.js';
import { createViews, loadViews } from '../../src/views/create-views.js';
import { TestWorkspace } from '../helpers/import.js';

/**
 * Prometheus returns `up` for every target on a host: the node exporter
 * (job node) and, on the monitoring hosts, Prometheus scraping itself (job
 * prometheus). Once the port is stripped they share a hostname. The stock
 * view `unresponsive` must give the same answer whatever order the series
 * come in; the old one took whichever sample of the newest time came first.
 */
const NOW = new Date('2024-05-01T12:00:00Z');
const T = 1714564800; // 12:00:00
const ms = (s: number) => `${s}000`;

const SERIES = [
  // dn1: node exporter down, Prometheus on the host up.
  `up{instance="dn1.x.com:9100",job="node"} 0 ${ms(T - 10)}`,
  `up{instance="dn1.x.com:9090",job="prometheus"} 1 ${ms(T - 10)}`,
  // dn2: node exporter up, the Prometheus on it down.
  `up{instance="dn2.x.com:9100",job="node"} 1 ${ms(T - 10)}`,
  `up{instance="dn2.x.com:9090",job="prometheus"} 0 ${ms(T - 10)}`,
  // dn3: node exporter last scraped an hour ago, Prometheus fresh.
  `up{instance="dn3.x.com:9100",job="node"} 1 ${ms(T - 3600)}`,
  `up{instance="dn3.x.com:9090",job="prometheus"} 1 ${ms(T - 10)}`,
  // dn4: two node exporters on other ports, same labels: one down.
  `up{instance="dn4.x.com:9100",job="node"} 1 ${ms(T - 10)}`,
  `up{instance="dn4.x.com:9101",job="node"} 0 ${ms(T - 10)}`,
  // dn5: only Prometheus scrapes it.
  `up{instance="dn5.x.com:9090",job="prometheus"} 1 ${ms(T - 10)}`,
  // dn6: node exporter NaN, an older sample of the same series was 1.
  `up{instance="dn6.x.com:9100",job="node"} 1 ${ms(T - 70)}`,
  `up{instance="dn6.x.com:9100",job="node"} NaN ${ms(T - 10)}`,
  // dn7: healthy.
  `up{instance="dn7.x.com:9100",job="node"} 1 ${ms(T - 10)}`,
];

const INVENTORY = ['dn1', 'dn2', 'dn3', 'dn4', 'dn5', 'dn6', 'dn7', 'dn8'].map((h) => `${h}.x.com\tdwh\n`).join('');

function config(health: string, format: 'prometheus-text' | 'prometheus-json'): string {
  return `
health: { up_metric: up, max_sample_age: 15m${health} }
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster] }
  metrics: { kind: metrics, format: ${format}, path: inputs/metrics }
`;
}

/** The same samples as a Prometheus query_range response (one series per target, in the order given). */
function asJson(lines: readonly string[]): string {
  const series = new Map<string, { metric: Record<string, string>; values: [number, string][] }>();
  for (const l of lines) {
    const m = /^up\{instance="([^"]+)",job="([^"]+)"\} (\S+) (\d+)000$/.exec(l)!;
    const key = `${m[1]}|${m[2]}`;
    if (!series.has(key)) series.set(key, { metric: { __name__: 'up', instance: m[1]!, job: m[2]! }, values: [] });
    series.get(key)!.values.push([Number(m[4]), m[3]!]);
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [...series.values()] } });
}

let tw: TestWorkspace;
afterEach(async () => tw?.close());

async function unresponsive(health: string, lines: readonly string[], format: 'prometheus-text' | 'prometheus-json' = 'prometheus-text'): Promise<string[]> {
  await tw?.close();
  const body = format === 'prometheus-text' ? `# TYPE up untyped\n${lines.join('\n')}\n` : asJson(lines);
  tw = new TestWorkspace(config(health, format), { 'inputs/inventory.tsv': INVENTORY, 'inputs/metrics': body });
  const db = (await tw.db()).raw;
  writeSettings(db, tw.config, NOW);
  expect((await tw.import()).map((r) => r.status)).toEqual(['ok', 'ok']);
  createViews(db, tw.config, loadViews(tw.ws), { temp: false });
  return [...viewLines(db, 'unresponsive').lines];
}

const orders: [string, readonly string[]][] = [
  ['as listed', SERIES],
  ['reversed', [...SERIES].reverse()],
  ['sorted', [...SERIES].sort()],
];

describe('unresponsive with several series of up per host', () => {
  it.each(orders)('without up_labels: down if any series is 0 or NaN, stale only if the newest sample is old (%s)', async (_order, lines) => {
    expect(await unresponsive('', lines)).toEqual([
      'dn1.x.com\tdwh\tup is 0',
      'dn2.x.com\tdwh\tup is 0',
      'dn4.x.com\tdwh\tup is 0',
      'dn6.x.com\tdwh\tup is NaN',
      'dn8.x.com\tdwh\tno up sample',
    ]);
  });

  it.each(orders)('with up_labels {job: node}: only the node exporter series count (%s)', async (_order, lines) => {
    expect(await unresponsive(', up_labels: { job: node }', lines)).toEqual([
      'dn1.x.com\tdwh\tup is 0',
      'dn3.x.com\tdwh\tup sample stale',
      'dn4.x.com\tdwh\tup is 0',
      'dn5.x.com\tdwh\tno up sample',
      'dn6.x.com\tdwh\tup is NaN',
      'dn8.x.com\tdwh\tno up sample',
    ]);
  });

  it.each(orders)('reads a query_range JSON response the same way (%s)', async (_order, lines) => {
    expect(await unresponsive(', up_labels: { job: node }', lines, 'prometheus-json')).toEqual(await unresponsive(', up_labels: { job: node }', lines));
  });

  it('matches an empty label value to series without the label, as Prometheus does', async () => {
    const lines = [`up{instance="dn1.x.com:9100"} 0 ${ms(T - 10)}`, `up{instance="dn1.x.com:9090",job="prometheus"} 1 ${ms(T - 10)}`];
    expect((await unresponsive(', up_labels: { job: "" }', lines)).filter((l) => l.startsWith('dn1'))).toEqual(['dn1.x.com\tdwh\tup is 0']);
  });

  it('metric_latest has one row per series, so no series hides another', async () => {
    await unresponsive('', SERIES);
    const db = (await tw.db()).raw;
    const rows = (order: string) =>
      db.prepare(`SELECT hostname, labels, value FROM metric_latest WHERE hostname = 'dn1.x.com' ORDER BY ${order}`).all();
    expect(rows('labels')).toEqual([
      { hostname: 'dn1.x.com', labels: '{"job":"node"}', value: 0 },
      { hostname: 'dn1.x.com', labels: '{"job":"prometheus"}', value: 1 },
    ]);
  });
});

describe('health.up_labels in the config', () => {
  it.each([
    ['{ __name__: up }', "health.up_labels.__name__: \"__name__\" is not a valid name: labels starting with __ are Prometheus' own (the metric name is up_metric)"],
    ['{ "job-name": node }', 'health.up_labels.job-name: "job-name" is not a valid name: expected a Prometheus label name (letters, digits and _)'],
    ['{ instance: "dn1:9100" }', 'health.up_labels.instance: "instance" is the host label of metrics: it is stored as the hostname, not as a label, so selecting on it would match no series'],
  ])('refuses %s', (labels, problem) => {
    expect(() => new TestWorkspace(config(`, up_labels: ${labels}`, 'prometheus-text'))).toThrow(problem);
  });
});
