import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_WORKSPACE } from './base-workspace.js';

/**
 * Hostile inputs too big to commit, made at test time from the base
 * workspace's real inputs. Deterministic: the same bytes every run.
 */

const MIB = 1024 * 1024;

function baseInput(name: string): string {
  return readFileSync(join(BASE_WORKSPACE, 'inputs', name), 'utf8');
}

/** The base file with `extra` appended as its last line (no final newline: a cut-off dump). */
function withLastLine(name: string, extra: string): Buffer {
  return Buffer.from(baseInput(name) + extra, 'utf8');
}

/** A 10 MiB line of printable junk without a single line break. */
export function tenMibLine(unit = 'x'): string {
  return unit.repeat(Math.ceil((10 * MIB) / unit.length)).slice(0, 10 * MIB);
}

/** `depth` levels of nested arrays around `inner`. */
export function nested(depth: number, inner = '0'): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth);
}

export const GENERATED = {
  /** An inventory whose last line is 10 MiB of junk with no TAB. */
  inventoryTenMibLine: () => withLastLine('inventory.tsv', tenMibLine('0123456789abcdef')),
  /** An inventory line of 100,000 TAB-separated fields. */
  inventoryHundredThousandColumns: () => withLastLine('inventory.tsv', Array.from({ length: 100_000 }, (_, i) => `f${i}`).join('\t') + '\n'),
  /** A host list with one 10 MiB token. */
  hostlistTenMibToken: () => withLastLine('responsive', tenMibLine('dn') + '\n'),
  /** A federate dump cut off inside a 10 MiB label value: no closing quote, brace or value on its 10 MiB line. */
  prometheusTenMibLabel: () => withLastLine('federate.prom', `up{instance="dn0001.smf1.example.com:9100",job="${tenMibLine('j')}\n`),
  /** A headerless metrics line of 100,000 fields (the fast loader's path). */
  metricsHundredThousandColumns: () => withLastLine('metrics-raw.tsv', Array.from({ length: 100_000 }, () => '1').join('\t') + '\n'),
  /** A CSV table whose header names 100,000 columns. */
  tableHundredThousandColumns: () =>
    Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i === 0 ? 'hostname' : `c${i}`)).join(',') + '\n' + 'dn0002.smf1.example.com' + ',x'.repeat(99_999) + '\n'),
  /** Prometheus JSON whose first sample's value is nested 200 arrays deep. */
  prometheusJson200Deep: () => Buffer.from(baseInput('up.json').replace('"value":[1714564800.781,"1"]', `"value":${nested(200, '"1"')}`)),
  /** NameNode JMX whose beans list is nested 200 arrays deep. */
  jmx200Deep: () => Buffer.from(`{"beans":${nested(200, '{}')}}\n`),
  /** A combined hosts file: an entry whose upgradeDomain is nested 200 arrays deep. */
  hdfsHosts200Deep: () => Buffer.from(baseInput('dfs.hosts.json').replace('"upgradeDomain": "ud-01"}', `"upgradeDomain": ${nested(200)}}`)),
  /** RM REST: `{"nodes":{"node":[[[...]]]}}`, 200 deep. */
  yarnRest200Deep: () => Buffer.from(`{"nodes":{"node":${nested(200, '{"id":"dn0001.smf1.example.com:45454"}')}}}\n`),
} as const;
