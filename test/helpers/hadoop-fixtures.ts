import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/**
 * Real outputs of a Hadoop 3.4.1 cluster (the mini cluster of
 * test/hadoop/import.test.ts, which keeps them current), and their
 * "skeletons": the lines and fields in their order with the values masked,
 * which is what a simulator or a fixture must share with the real thing.
 */
export const HADOOP_FIXTURES = join(ROOT, 'test', 'fixtures', 'hadoop-3.4.1');

export function hadoopFixture(name: string): string {
  return readFileSync(join(HADOOP_FIXTURES, name), 'utf8');
}

/** What the NameNode and ResourceManager held when the fixtures were taken. */
export interface FixtureTruth {
  readonly datanodes: readonly { hostname: string; ip: string; xferPort: number; rack: string; adminState: string; live: boolean; registered: boolean }[];
  readonly nodemanagers: readonly { nodeId: string; hostname: string; state: string; rack: string; active: boolean }[];
}

export function fixtureTruth(): FixtureTruth {
  return JSON.parse(hadoopFixture('truth.json')) as FixtureTruth;
}

/** The skeleton of one output, by its fixture name. */
export function hadoopOutputSkeleton(name: string, text: string): unknown {
  if (name.startsWith('dfsadmin-report')) return reportSkeleton(text).lines;
  if (name.startsWith('yarn-node-list')) return yarnListSkeleton(text);
  if (name === 'nn-jmx.json') return jmxSkeleton(text);
  if (name === 'rm-nodes.json') return restSkeleton(text);
  throw new Error(`no skeleton for ${name}`);
}

const DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [A-Z]{2,5} \d{4}$/;

/** A value's shape: what kind of value, not which. */
function shapeOf(key: string, value: string): string {
  if (value === '') return '';
  if (key === 'Name') return /^\S+:\d+ \(\S+\)$/.test(value) ? '<ip:port> (<name>)' : '<ip:port>';
  if (/^-?\d+ \(\d+(\.\d+)? [KMGTPE]?B\)$/.test(value)) return '<bytes> (<size>)';
  if (/^-?\d+\.\d{2}%$/.test(value)) return '<percent>';
  if (/^-?\d+$/.test(value)) return '<n>';
  if (DATE.test(value)) return '<date>';
  if (value === 'Never') return 'Never';
  if (key === 'Decommission Status ') return value;
  return '<text>';
}

export interface ReportBlock {
  /** The section the block is printed in: `Live`, `Dead`, `Decommissioning`, ... */
  readonly section: string;
  readonly hostname: string;
  /** Masked lines, the blank lines after the block included. */
  readonly lines: readonly string[];
}

/**
 * `hdfs dfsadmin -report` masked line by line (`Key: <shape>`, section
 * headers without their counts), and split into its summary, its section
 * titles in order, and its DataNode blocks.
 */
export function reportSkeleton(text: string): { lines: string[]; summary: string[]; sections: string[]; blocks: ReportBlock[] } {
  const lines: string[] = [];
  const summary: string[] = [];
  const sections: string[] = [];
  const blocks: { section: string; hostname: string; lines: string[] }[] = [];
  let section: string | null = null;
  let current: { section: string; hostname: string; lines: string[] } | null = null;
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop(); // what follows the last line break
  for (const raw of all) {
    const header = /^(.+) datanodes \(\d+\):$/.exec(raw);
    let masked: string;
    if (header !== null) {
      section = header[1]!;
      sections.push(section);
      masked = `${section} datanodes (<n>):`;
      current = null;
    } else {
      const kv = /^(\t?)([^:]+): ?(.*)$/.exec(raw);
      masked = kv === null ? raw : `${kv[1]}${kv[2]}:${raw.slice(kv[1]!.length + kv[2]!.length + 1).startsWith(' ') ? ' ' : ''}${shapeOf(kv[2]!, kv[3]!)}`;
      if (section !== null && raw.startsWith('Name: ')) {
        current = { section, hostname: '', lines: [] };
        blocks.push(current);
      }
      if (current !== null && raw.startsWith('Hostname: ')) current.hostname = raw.slice('Hostname: '.length);
    }
    lines.push(masked);
    if (section === null) summary.push(masked);
    else if (current !== null) current.lines.push(masked);
  }
  return { lines, summary, sections, blocks };
}

/** `yarn node -list -all` (optionally with the client's log line first, as `2>&1` gives it): rows masked and sorted (their order is the RM's hash order). */
export function yarnListSkeleton(text: string): { head: string[]; rows: string[] } {
  const head: string[] = [];
  const rows: string[] = [];
  const widths = [16, 15, 17, 28];
  for (const line of text.split('\n')) {
    if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} INFO /.test(line)) {
      head.push(line.replace(/^\S+ \S+/, '<date> <time>').replace(/at \S+\/\S+:\d+$/, 'at <host>/<ip>:<port>'));
    } else if (/^Total Nodes:\d+$/.test(line)) {
      head.push('Total Nodes:<n>');
    } else if (line.trim().startsWith('Node-Id\t')) {
      head.push(line);
    } else if (line !== '') {
      const fields = line.split('\t');
      rows.push(
        fields
          .map((f, i) => {
            const v = f.trimStart();
            const padded = f.length >= (widths[i] ?? 0) && (f === v || f.length === widths[i]) ? 'padded' : `NOT padded to ${widths[i]}`;
            const shape = /^[A-Z_]+$/.test(v) ? v : /^\S+:-?\d+$/.test(v) ? '<host:port>' : /^\d+$/.test(v) ? '<n>' : '<text>';
            return `${shape}/${padded}`;
          })
          .join('\t'),
      );
    } else {
      head.push('');
    }
  }
  return { head, rows: rows.sort() };
}

/** The NameNode beans breakfix reads (NameNodeInfo, FSNamesystem, FSNamesystemState): their attribute names, and the keys of the node maps. */
export function jmxSkeleton(text: string): Record<string, unknown> {
  const doc = JSON.parse(text) as { beans: Record<string, unknown>[] };
  const out: Record<string, unknown> = {};
  for (const name of ['NameNodeInfo', 'FSNamesystem', 'FSNamesystemState']) {
    const bean = doc.beans.find((b) => b['name'] === `Hadoop:service=NameNode,name=${name}`);
    if (bean === undefined) {
      out[name] = null;
      continue;
    }
    out[name] = Object.keys(bean).sort();
    if (name === 'NameNodeInfo') {
      for (const map of ['LiveNodes', 'DeadNodes', 'DecomNodes', 'EnteringMaintenanceNodes']) {
        const nodes = JSON.parse(String(bean[map])) as Record<string, Record<string, unknown>>;
        out[map] = [...new Set(Object.values(nodes).map((n) => Object.keys(n).sort().join(',')))].sort();
      }
    }
  }
  return out;
}

/** The RM's node list: the distinct key structures of its nodes, and the envelope. */
export function restSkeleton(text: string): unknown {
  const doc = JSON.parse(text) as { nodes: { node: Record<string, unknown>[] } };
  const shape = (v: unknown): unknown =>
    Array.isArray(v) ? [...new Set(v.map((x) => JSON.stringify(shape(x))))].sort() : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;
  return { envelope: Object.keys(doc), nodes: [...new Set(doc.nodes.node.map((n) => JSON.stringify(shape(n))))].sort() };
}
