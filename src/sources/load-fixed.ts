import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { ParseError } from '../errors.js';
import { FixedTableSink } from './fixed-table-sink.js';
import { readRecords } from './delimited.js';
import { readLines } from './line-reader.js';
import type { ParseContext, ParseSummary } from './load-context.js';
import { DEFAULT_METRIC_COLUMNS, parseMetricRecord, resolveMetricColumns, type MetricColumns } from './metrics-long.js';
import { loadMetricsTsv } from './metrics-tsv-fast.js';
import type { LineParserFactory } from './parser.js';
import type { HdfsDatanodeRow, HdfsDecommissioningRow, HdfsHealthRow, HdfsHostRow, MetricSampleRow, YarnNodeRow } from './rows.js';

/** Columns each built-in kind's parser fills, in table order (see migrations/0001_init.sql). */
const HDFS_DATANODE_FIELDS = [
  'hostname', 'ip', 'xfer_port', 'rack', 'upgrade_domain', 'admin_state', 'live', 'registered', 'sections',
  'last_contact', 'last_block_report', 'capacity', 'dfs_used', 'non_dfs_used', 'remaining', 'num_blocks',
  'xceivers', 'version', 'volfails',
] as const satisfies readonly (keyof HdfsDatanodeRow)[];
/** The health row's columns (migrations/0007_hdfs_health.sql); captured_at is a constant of the import. */
const HDFS_HEALTH_FIELDS = [
  'safe_mode', 'ha_state', 'capacity', 'present_capacity', 'remaining', 'dfs_used', 'under_replicated', 'corrupt_blocks',
  'missing_blocks', 'missing_repl_one', 'pending_deletion', 'ec_low_redundancy', 'ec_corrupt', 'ec_missing',
  'ec_pending_deletion', 'blocks_total', 'replicas', 'live_nodes', 'live_in_service', 'dead_nodes', 'decommissioning',
] as const satisfies readonly (keyof HdfsHealthRow)[];
const HDFS_DECOMMISSIONING_FIELDS = [
  'hostname', 'xfer_port', 'under_replicated_blocks', 'decommission_only_replicas', 'under_replicated_in_open_files',
] as const satisfies readonly (keyof HdfsDecommissioningRow)[];
const HDFS_HOST_FIELDS = ['hostname', 'port', 'upgrade_domain', 'admin_state', 'maintenance_expires'] as const satisfies readonly (keyof HdfsHostRow)[];
const YARN_NODE_FIELDS = [
  'hostname', 'port', 'node_id', 'state', 'http_address', 'containers', 'health_report', 'last_health_update', 'rack', 'placeholder', 'current',
] as const satisfies readonly (keyof YarnNodeRow)[];
const METRIC_FIELDS = ['ts', 'hostname', 'metric', 'value', 'value_text', 'labels'] as const satisfies readonly (keyof MetricSampleRow)[];

// Parsers are loaded when a source of their kind is imported: a command that
// imports only an inventory does not pay for loading the HDFS and YARN parsers.

/** JSON sources are parsed whole; beyond this a JSON input is refused rather than exhausting memory. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

/** Parse a built-in kind into its fixed table; these need no finish phase. */
export async function parseFixedKind(ctx: ParseContext): Promise<ParseSummary> {
  const src = ctx.source;
  const common = { source: src.name, importId: ctx.importId, hosts: ctx.hosts };
  switch (src.kind) {
    case 'hdfs-report': {
      const sink = new FixedTableSink<HdfsDatanodeRow>(ctx.target, 'hdfs_datanodes', HDFS_DATANODE_FIELDS, { ...common, cluster: src.cluster });
      const dates = { timezone: src.timezone, timezoneKey: `sources.${src.name}.timezone` };
      const health = healthSink(ctx, src.name, src.cluster);
      await streamLines(ctx, (await import('./hdfs-report.js')).hdfsReportParser, { ...dates, onHealth: (row) => health.push(row) }, sink);
      health.flush();
      return { rows: sink.flush() };
    }
    case 'hdfs-jmx': {
      const { parseHdfsJmxDocument } = await import('./hdfs-jmx.js');
      const doc = parseHdfsJmxDocument(await readJsonText(ctx.file), { capturedAt: ctx.capturedAt });
      const sink = new FixedTableSink<HdfsDatanodeRow>(ctx.target, 'hdfs_datanodes', HDFS_DATANODE_FIELDS, { ...common, cluster: src.cluster });
      if (src.datanodes) for (const row of doc.datanodes) sink.push(row);
      const decommissioning = new FixedTableSink<HdfsDecommissioningRow>(ctx.target, 'hdfs_decommission_progress', HDFS_DECOMMISSIONING_FIELDS, {
        ...common,
        cluster: src.cluster,
      });
      for (const row of doc.decommissioning) decommissioning.push(row);
      decommissioning.flush();
      const health = healthSink(ctx, src.name, src.cluster);
      health.push(doc.health);
      const healthRows = health.flush();
      // A document that lists no nodes (no NameNodeInfo, or datanodes: false) still gave the
      // cluster's health: that row is what it imported.
      const nodes = sink.flush();
      return { rows: nodes > 0 ? nodes : healthRows };
    }
    case 'hdfs-hosts': {
      const sink = new FixedTableSink<HdfsHostRow>(ctx.target, 'hdfs_hosts', HDFS_HOST_FIELDS, { ...common, cluster: src.cluster });
      const { parseHdfsHosts } = await import('./hdfs-hosts.js');
      for (const row of parseHdfsHosts(await readJsonText(ctx.file), {})) sink.push(row);
      return { rows: sink.flush() };
    }
    case 'yarn-nodes': {
      const sink = new FixedTableSink<YarnNodeRow>(ctx.target, 'yarn_nodes', YARN_NODE_FIELDS, { ...common, cluster: src.cluster });
      await streamLines(ctx, (await import('./yarn-nodes.js')).yarnNodesParser, {}, sink);
      return { rows: sink.flush() };
    }
    case 'yarn-rest': {
      const sink = new FixedTableSink<YarnNodeRow>(ctx.target, 'yarn_nodes', YARN_NODE_FIELDS, { ...common, cluster: src.cluster });
      const { parseYarnRest } = await import('./yarn-rest.js');
      for (const row of parseYarnRest(await readJsonText(ctx.file), {})) sink.push(row);
      return { rows: sink.flush() };
    }
    case 'metrics': {
      if (src.format === 'tsv' && src.header !== true) {
        return { rows: await loadMetricsTsv({ target: ctx.target, file: ctx.file, source: src.name, importId: ctx.importId, hosts: ctx.hosts, progress: ctx.progress }) };
      }
      const sink = new FixedTableSink<MetricSampleRow>(ctx.target, 'metric_samples', METRIC_FIELDS, { ...common, cluster: undefined });
      // Prometheus samples without the host label are skipped and counted (prometheus-text.ts).
      let skipped: number | undefined;
      const onSkipped = () => {
        skipped = (skipped ?? 0) + 1;
      };
      switch (src.format) {
        case 'prometheus-text':
          skipped = 0;
          await streamLines(ctx, (await import('./prometheus-text.js')).prometheusTextParser, { hostLabel: src.host_label, defaultTs: ctx.capturedAt, onSkipped }, sink);
          break;
        case 'prometheus-json': {
          skipped = 0;
          const { parsePrometheusJson } = await import('./prometheus-json.js');
          const options = { hostLabel: src.host_label, onSkipped, ...(src.metric !== undefined ? { defaultMetric: src.metric } : {}) };
          for (const row of parsePrometheusJson(await readJsonText(ctx.file), options)) sink.push(row);
          break;
        }
        case 'tsv':
        case 'csv': {
          let cols: MetricColumns | undefined = src.header === true ? undefined : DEFAULT_METRIC_COLUMNS;
          await readRecords(
            ctx.file,
            src.format,
            (fields, lineNo) => {
              if (cols === undefined) cols = resolveMetricColumns(fields, lineNo);
              else sink.push(parseMetricRecord(fields, cols, lineNo));
            },
            ctx.progress,
          );
          break;
        }
      }
      return { rows: sink.flush(), ...(skipped !== undefined ? { skipped } : {}) };
    }
    default:
      throw new Error(`parseFixedKind: ${src.kind} is not a built-in table kind`);
  }
}

/** Where an HDFS source's health row goes, with the import's capture time. */
function healthSink(ctx: ParseContext, source: string, cluster: string): { push(row: HdfsHealthRow): void; flush(): number } {
  const inserter = ctx.target.inserter('hdfs_health', [...HDFS_HEALTH_FIELDS, '_line', '_path'], {
    constants: [['source', source], ['cluster', cluster], ['captured_at', ctx.capturedAt], ['_import', ctx.importId]],
  });
  return {
    push(row) {
      inserter.push([...HDFS_HEALTH_FIELDS.map((f) => row[f]), row.line, row.path]);
    },
    flush: () => inserter.flush(),
  };
}

async function streamLines<R extends MetricSampleRow | HdfsDatanodeRow | YarnNodeRow, O>(
  ctx: ParseContext,
  factory: LineParserFactory<R, O>,
  options: O,
  sink: FixedTableSink<R>,
): Promise<void> {
  const parser = factory(options, (row) => sink.push(row));
  const last = await readLines(ctx.file, (text, lineNo) => parser.line(text, lineNo), ctx.progress);
  parser.end(last);
}

/** A JSON input as text, checked for size and encoding before JSON.parse sees it. */
export async function readJsonText(file: string): Promise<string> {
  const { size } = await stat(file);
  if (size > MAX_JSON_BYTES) {
    throw new ParseError(`JSON input is ${Math.round(size / 1024 / 1024)} MiB; at most ${MAX_JSON_BYTES / 1024 / 1024} MiB is read (split the query, or export TSV)`, undefined);
  }
  const buf = await readFile(file);
  if (buf.indexOf(0) !== -1 || !isUtf8(buf)) {
    const bad = buf.indexOf(0) !== -1 ? buf.indexOf(0) : firstBadOffset(buf);
    const line = buf.subarray(0, bad).toString('latin1').split('\n').length;
    throw new ParseError(buf.indexOf(0) === bad ? 'NUL byte in a JSON input (is this a binary file?)' : 'invalid UTF-8 in a JSON input', line);
  }
  return buf.toString('utf8');
}

function firstBadOffset(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  // Binary search for the shortest invalid prefix (allowing for a split character at the cut).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isUtf8(buf.subarray(0, mid)) || isUtf8(buf.subarray(0, Math.min(buf.length, mid + 3)))) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}
