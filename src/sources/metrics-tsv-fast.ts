import type { HostNormalizer } from './host-normalizer.js';
import { readLines, type ReadProgress } from './line-reader.js';
import type { LoadTarget, RowSink } from './load-target.js';
import { DEFAULT_METRIC_COLUMNS, parseMetricRecord } from './metrics-long.js';

export interface MetricsTsvTarget {
  readonly target: LoadTarget;
  readonly file: string;
  readonly source: string;
  readonly importId: number;
  readonly hosts: HostNormalizer;
  readonly progress?: ReadProgress | undefined;
}

/**
 * The specialised loader for the commonest large input: headerless long-form
 * metrics TSV (timestamp, hostname, metric, value), millions of lines. Same
 * rows and same errors as the generic path (readRecords → parseMetricRecord
 * → FixedTableSink), without its per-line costs: no field array, no row
 * object, no regular expression for the common epoch-seconds timestamp, and
 * only the six columns that vary are bound (source and import id are
 * statement constants; labels and _path are NULL for this format).
 *
 * Anything unusual on a line (a field count other than 4, an empty metric, a
 * timestamp that is not plain epoch seconds, a value that is not a plain
 * number) goes through the generic parser for that line, so its result or
 * its error message is exactly the generic one.
 */
export async function loadMetricsTsv(t: MetricsTsvTarget): Promise<number> {
  const inserter = t.target.inserter('metric_samples', ['ts', 'hostname', 'metric', 'value', 'value_text', '_line'], {
    constants: [
      ['source', t.source],
      ['_import', t.importId],
      ['labels', null],
      ['_path', null],
    ],
  });
  const row: unknown[] = [0, '', '', 0, null, 0];
  await readLines(
    t.file,
    (text, lineNo) => {
      const n = text.length;
      if (n === 0 || !plain(text.charCodeAt(0)) || !plain(text.charCodeAt(n - 1))) {
        if (text.trim() === '') return; // the generic TSV reader skips blank lines
        return slowLine(text, lineNo, row, t, inserter);
      }
      const t1 = text.indexOf('\t');
      const t2 = t1 < 0 ? -1 : text.indexOf('\t', t1 + 1);
      const t3 = t2 < 0 ? -1 : text.indexOf('\t', t2 + 1);
      if (t3 < 0 || text.indexOf('\t', t3 + 1) !== -1 || t3 === t2 + 1) return slowLine(text, lineNo, row, t, inserter);
      const ts = epochSeconds(text, 0, t1);
      const value = plainNumber(text, t3 + 1, n);
      if (ts < 0 || value === undefined) return slowLine(text, lineNo, row, t, inserter);
      row[0] = ts;
      row[2] = text.slice(t2 + 1, t3);
      row[3] = value;
      row[4] = null;
      row[5] = lineNo;
      // Normalised last, as the generic path does: a line with a bad value and a bad host reports the value.
      row[1] = t.hosts.normalize(text.slice(t1 + 1, t2), lineNo);
      inserter.push(row);
    },
    t.progress,
  );
  return inserter.flush();
}

/** A printable ASCII character other than space: a line that starts and ends with one needs no trimming. */
function plain(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/** `1795392000` (1–10 digits: epoch seconds) → the number; -1 for anything else (the generic parser decides). */
function epochSeconds(text: string, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 10) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `0`, `25.95`, `-3`: digits with at most one inner dot and an optional
 * leading minus, at most 16 characters (never out of range). `Number` and
 * Go's ParseFloat both round correctly, so they agree on these; anything
 * else (exponents, NaN, Inf, a leading `+` or `.`) is left to parseGoFloat.
 */
function plainNumber(text: string, start: number, end: number): number | undefined {
  const len = end - start;
  if (len < 1 || len > 16) return undefined;
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  let digits = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && !dot && digits > 0 && i < end - 1) dot = true;
    else return undefined;
  }
  if (digits === 0) return undefined;
  return Number(text.slice(start, end));
}

/** One line through the generic parser: its row, or its error. */
function slowLine(text: string, lineNo: number, row: unknown[], t: MetricsTsvTarget, inserter: RowSink): void {
  const r = parseMetricRecord(text.split('\t'), DEFAULT_METRIC_COLUMNS, lineNo);
  row[0] = r.ts;
  row[2] = r.metric;
  row[3] = r.value;
  row[4] = r.value_text;
  row[5] = lineNo;
  row[1] = t.hosts.normalize(r.hostname, lineNo);
  inserter.push(row);
}

