import { ParseError } from '../errors.js';
import { badValueProblem, parseGoFloat, valueColumns } from './prometheus-labels.js';
import type { MetricSampleRow } from './rows.js';

/**
 * Long-form metrics, one sample per record: timestamp, hostname, metric,
 * value — the shape a TSDB export or `promtool`/`curl | jq` script produces.
 * Without a header the fields are in that order; with one, they are found by
 * name (aliases below) in any order, and an optional `labels` column is kept.
 */
const ALIASES: Record<string, 'ts' | 'hostname' | 'metric' | 'value' | 'labels'> = {
  ts: 'ts',
  timestamp: 'ts',
  time: 'ts',
  hostname: 'hostname',
  host: 'hostname',
  instance: 'hostname',
  metric: 'metric',
  name: 'metric',
  __name__: 'metric',
  value: 'value',
  labels: 'labels',
};

export interface MetricColumns {
  readonly ts: number;
  readonly hostname: number;
  readonly metric: number;
  readonly value: number;
  readonly labels: number | undefined;
  readonly width: number;
}

export const DEFAULT_METRIC_COLUMNS: MetricColumns = { ts: 0, hostname: 1, metric: 2, value: 3, labels: undefined, width: 4 };

export function resolveMetricColumns(header: readonly string[], lineNo: number): MetricColumns {
  const found: Partial<Record<'ts' | 'hostname' | 'metric' | 'value' | 'labels', number>> = {};
  header.forEach((h, i) => {
    const role = ALIASES[h.trim().toLowerCase()];
    if (role !== undefined && found[role] === undefined) found[role] = i;
  });
  const missing = (['ts', 'hostname', 'metric', 'value'] as const).filter((r) => found[r] === undefined);
  if (missing.length > 0) {
    throw new ParseError(
      `header lacks ${missing.map((m) => (m === 'ts' ? 'timestamp' : m)).join(', ')}; found: ${header.join(', ')} (expected timestamp, hostname, metric, value)`,
      lineNo,
    );
  }
  return { ts: found.ts!, hostname: found.hostname!, metric: found.metric!, value: found.value!, labels: found.labels, width: header.length };
}

export function parseMetricRecord(fields: readonly string[], cols: MetricColumns, lineNo: number): MetricSampleRow {
  if (fields.length !== cols.width) {
    throw new ParseError(`expected ${cols.width} fields (timestamp, hostname, metric, value), got ${fields.length}`, lineNo);
  }
  const metric = fields[cols.metric]!;
  if (metric === '') throw new ParseError('metric name is empty', lineNo);
  const value = parseGoFloat(fields[cols.value]!.trim());
  if (value === undefined) throw new ParseError(`value: ${badValueProblem(fields[cols.value]!.trim())}`, lineNo);
  const sample = valueColumns(value);
  const labels = cols.labels === undefined ? null : fields[cols.labels]! === '' || fields[cols.labels] === '-' ? null : fields[cols.labels]!;
  return {
    ts: parseTimestamp(fields[cols.ts]!, lineNo),
    hostname: fields[cols.hostname]!,
    metric,
    value: sample.value,
    value_text: sample.value_text,
    labels,
    line: lineNo,
    path: null,
  };
}

const EPOCH = /^\d+(?:\.\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch seconds (`1714564800`, `1714564800.781`), epoch milliseconds
 * (`1714564800781`: 13 digits — a seconds value that large is after the year
 * 5000) or ISO-8601 (`2024-05-01T12:00:00Z`; no zone means UTC). Stored as
 * integer epoch seconds.
 */
export function parseTimestamp(text: string, lineNo: number): number {
  const t = text.trim();
  if (EPOCH.test(t)) {
    const n = Number(t);
    return Math.floor(n >= 1e11 ? n / 1000 : n);
  }
  if (ISO.test(t)) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`;
    const ms = Date.parse(zoned.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new ParseError(`timestamp: expected epoch seconds, epoch milliseconds or ISO-8601, got ${JSON.stringify(text)}`, lineNo);
}
