import { ParseError } from '../errors.js';
import { jsonPath, parseJsonText, type JsonTextParser } from './parser.js';
import { badValueProblem, LabelSet, parseGoFloat, valueColumns } from './prometheus-labels.js';
import type { MetricSampleRow } from './rows.js';

/**
 * A Prometheus HTTP API query result, `/api/v1/query` or `/api/v1/query_range`
 * (docs/formats.md#query-api-json):
 *
 *     {"status":"success","data":{"resultType":"vector","result":[
 *       {"metric":{"__name__":"up","instance":"dn0001.smf1.example.com:9100","job":"node"},"value":[1714564800.781,"1"]}]}}
 *
 * One row per sample: a vector series gives one, a matrix series one per
 * `values` pair. Rows carry their JSON path (`$.data.result[4]`, or
 * `$.data.result[4].values[2]` for a matrix).
 *
 * Native histogram samples (`histogram` / `histograms`, newer servers) are
 * skipped: a histogram is a bucket structure, not one number, so it has no
 * `value` to store, and a parser returns rows only (it has no channel to
 * report a count of what it skipped). Query a float series instead
 * (`histogram_quantile(...)`, `histogram_count(...)`) to get numbers.
 *
 * A series without the host label (or with it empty, which Prometheus reads
 * as absent) names no host: its samples are skipped and counted
 * (`onSkipped`), as the text format's are; when no series has the host
 * label, the query or host_label is wrong and the input is an error.
 */
export interface PrometheusJsonOptions {
  /** The label that names the host (`instance` by default in the config); its value is stored raw, port and all. */
  readonly hostLabel: string;
  /**
   * The metric name for series without `__name__`: queries like
   * `sum by (instance) (...)` or `rate(...)` drop it. Without this, such a
   * series is an error.
   */
  readonly defaultMetric?: string;
  /** Called for each sample skipped because its series has no host label. */
  readonly onSkipped?: (() => void) | undefined;
}

type JsonObject = Record<string, unknown>;

export const parsePrometheusJson: JsonTextParser<MetricSampleRow, PrometheusJsonOptions> = (text, options) => {
  const doc = parseJsonText(text);
  const { resultType, result } = successData(doc);
  const rows: MetricSampleRow[] = [];
  const labels = new LabelSet();
  let firstHostless: ParseError | undefined;
  let skipped = 0;
  result.forEach((item, i) => {
    const path = jsonPath('data', 'result', i);
    if (!isObject(item)) throw new ParseError(`expected a series {"metric":{...},"${resultType === 'vector' ? 'value' : 'values'}":...}, got ${describe(item)}`, undefined, path);
    const series = seriesOf(item, path, labels, options);
    const into = series.hostname === '' ? [] : rows;
    if (resultType === 'vector') vectorSample(item, path, series, into);
    else matrixSamples(item, path, series, into);
    if (series.hostname === '') {
      // Checked like any other series, then skipped.
      firstHostless ??= series.hostless;
      skipped += into.length;
    }
  });
  if (rows.length === 0 && firstHostless !== undefined) throw firstHostless;
  for (let k = 0; k < skipped; k++) options.onSkipped?.();
  return rows;
};

/** `data.result` of a successful vector or matrix response; anything else says what went wrong. */
function successData(doc: unknown): { resultType: 'vector' | 'matrix'; result: unknown[] } {
  if (Array.isArray(doc)) {
    throw new ParseError(
      'expected the HTTP API envelope {"status":"success","data":{"resultType":...,"result":[...]}}, got a bare list (promtool output?): fetch /api/v1/query or /api/v1/query_range',
      undefined,
      '$',
    );
  }
  if (!isObject(doc) || !('status' in doc)) {
    throw new ParseError('expected a Prometheus HTTP API response {"status":"success","data":{...}} (from /api/v1/query or /api/v1/query_range)', undefined, '$');
  }
  const status = doc['status'];
  if (status === 'error') {
    const errorType = typeof doc['errorType'] === 'string' ? doc['errorType'] : '?';
    const error = typeof doc['error'] === 'string' ? doc['error'] : '(no message)';
    throw new ParseError(`the query failed: ${errorType}: ${error}`, undefined, jsonPath('status'));
  }
  if (status !== 'success') throw new ParseError(`expected "success" or "error", got ${describe(status)}`, undefined, jsonPath('status'));
  const data = doc['data'];
  if (!isObject(data)) throw new ParseError(`expected an object {"resultType":...,"result":[...]}, got ${describe(data)}`, undefined, jsonPath('data'));
  const resultType = data['resultType'];
  if (resultType === 'scalar' || resultType === 'string') {
    throw new ParseError(
      `the query returned a ${resultType}, which names no host; a per-host instant vector or range matrix is needed (a query like up or node_load1, not scalar(...) or a literal)`,
      undefined,
      jsonPath('data', 'resultType'),
    );
  }
  if (resultType !== 'vector' && resultType !== 'matrix') {
    throw new ParseError(`expected "vector" or "matrix", got ${describe(resultType)}`, undefined, jsonPath('data', 'resultType'));
  }
  const result = data['result'];
  if (!Array.isArray(result)) throw new ParseError(`expected a list of series, got ${describe(result)}`, undefined, jsonPath('data', 'result'));
  return { resultType, result };
}

interface Series {
  /** Empty when the series has no host label (see `hostless`). */
  readonly hostname: string;
  /** The error for a series without the host label, thrown when no series has one. */
  readonly hostless?: ParseError;
  readonly metric: string;
  readonly labels: string | null;
}

/** Host, metric name and the other labels of one series. */
function seriesOf(item: JsonObject, path: string, labels: LabelSet, options: PrometheusJsonOptions): Series {
  const metricPath = `${path}.metric`;
  const metric = item['metric'];
  if (!isObject(metric)) throw new ParseError(`expected an object of labels, got ${describe(metric)}`, undefined, metricPath);
  labels.reset();
  for (const name of Object.keys(metric)) {
    const value = metric[name];
    if (typeof value !== 'string') throw new ParseError(`label ${JSON.stringify(name)}: expected a string, got ${describe(value)}`, undefined, metricPath);
    labels.add(name, value);
  }
  // An empty label value is the same as no label in Prometheus.
  const hostname = labels.get(options.hostLabel) ?? '';
  const hostless =
    hostname === ''
      ? new ParseError(
          `no ${JSON.stringify(options.hostLabel)} label to name the host, nor has any other series; the labels are ${labels.describeNames()} (set host_label to the label that names the host, or keep it in the query: sum by (${options.hostLabel}) (...))`,
          undefined,
          metricPath,
        )
      : undefined;
  const name = labels.get('__name__') ?? options.defaultMetric ?? '';
  if (name === '') {
    throw new ParseError(
      'no __name__ label: the query drops the metric name (sum by (...), rate(...), arithmetic); set metric: on the source, or name the series with label_replace(<query>, "__name__", "my_metric", "", "")',
      undefined,
      metricPath,
    );
  }
  return { hostname, metric: name, labels: labels.otherLabelsJson('__name__', options.hostLabel), ...(hostless ? { hostless } : {}) };
}

function vectorSample(item: JsonObject, path: string, series: Series, rows: MetricSampleRow[]): void {
  const pair = item['value'];
  if (pair === undefined && item['histogram'] !== undefined) return; // a native histogram sample: skipped (see above)
  rows.push(sampleRow(pair, `${path}.value`, path, series));
}

function matrixSamples(item: JsonObject, path: string, series: Series, rows: MetricSampleRow[]): void {
  const values = item['values'];
  // A series may have float samples, histogram samples, or both (a metric that changed type).
  if (values === undefined && item['histograms'] !== undefined) return;
  if (!Array.isArray(values)) throw new ParseError(`expected a list of [timestamp, "value"] pairs, got ${describe(values)}`, undefined, `${path}.values`);
  values.forEach((pair: unknown, j) => {
    const at = `${path}.values[${j}]`;
    rows.push(sampleRow(pair, at, at, series));
  });
}

/** `[1714564800.781, "1"]`: seconds (a number, fraction optional) and the value as a string. */
function sampleRow(pair: unknown, at: string, rowPath: string, series: Series): MetricSampleRow {
  if (!Array.isArray(pair) || pair.length !== 2) throw new ParseError(`expected a [timestamp, "value"] pair, got ${describe(pair)}`, undefined, at);
  const [ts, text] = pair as [unknown, unknown];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) throw new ParseError(`expected a timestamp in seconds (a number), got ${describe(ts)}`, undefined, `${at}[0]`);
  if (typeof text !== 'string') throw new ParseError(`expected the value as a string like "1", got ${describe(text)}`, undefined, `${at}[1]`);
  const v = parseGoFloat(text);
  if (v === undefined) throw new ParseError(badValueProblem(text), undefined, `${at}[1]`);
  return {
    ts: Math.floor(ts),
    hostname: series.hostname,
    metric: series.metric,
    ...valueColumns(v),
    labels: series.labels,
    line: null,
    path: rowPath,
  };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the key is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
