import { goFloatG } from './go-float.js';
import { isScraped, isUp } from './host-health.js';
import { instanceOf, scrapeTimeMs } from './scrape-time.js';
import type { Host, SimState } from './sim-state.js';

/**
 * A federate dump of the `node` job in the text exposition format
 * (docs/formats.md#text-exposition): all samples of one metric together, `instance` and `job`
 * labels, values as Go prints them, millisecond timestamps.
 *
 * Every scraped host has an `up` sample. A host whose scrape failed (`up` 0)
 * has no other samples: Prometheus has nothing from it. Retired hosts are not
 * scraped at all, so they are absent (which is not the same as `up` 0).
 *
 * `puppet_last_run_success` and `node_disk_errors_total` come from the
 * textfile collector (a puppet report hook and a kernel-log disk checker).
 */
interface MetricDef {
  readonly name: string;
  readonly type: 'untyped' | 'gauge' | 'counter';
  readonly help: string;
  readonly value: (h: Host) => number;
  /** Only hosts that were scraped successfully have it. */
  readonly needsUp: boolean;
}

export const METRICS: readonly MetricDef[] = [
  { name: 'up', type: 'untyped', help: '1 if the target was scraped successfully, else 0.', value: (h) => (isUp(h) ? 1 : 0), needsUp: false },
  { name: 'node_load1', type: 'gauge', help: '1m load average.', value: (h) => h.load1, needsUp: true },
  { name: 'node_boot_time_seconds', type: 'gauge', help: 'Node boot time, in unixtime.', value: (h) => h.bootTime, needsUp: true },
  { name: 'puppet_last_run_success', type: 'gauge', help: '1 if the last puppet agent run succeeded, else 0 (textfile collector).', value: (h) => (h.puppetOk ? 1 : 0), needsUp: true },
  { name: 'node_disk_errors_total', type: 'counter', help: 'Disk I/O errors the kernel logged since boot (textfile collector).', value: (h) => h.diskErrors, needsUp: true },
];

export function renderPrometheusText(state: SimState): string {
  // Label set and timestamp per host, computed once for all its samples.
  const scraped = state.hosts.filter(isScraped).map((h) => ({ h, up: isUp(h), labels: `{instance="${instanceOf(h)}",job="node"} `, ts: ` ${scrapeTimeMs(h, state.now)}\n` }));
  const parts: string[] = [];
  for (const m of METRICS) {
    parts.push(`# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n`);
    for (const s of scraped) {
      if (m.needsUp && !s.up) continue;
      parts.push(m.name + s.labels + goFloatG(m.value(s.h)) + s.ts);
    }
  }
  return parts.join('');
}
