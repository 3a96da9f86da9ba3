import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parsePrometheusJson, type PrometheusJsonOptions } from '../../src/sources/prometheus-json.js';
import type { MetricSampleRow } from '../../src/sources/rows.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../fixtures/prometheus', name), 'utf8');
const UP = fixture('vector-up.json');
const MATRIX = fixture('matrix-load1.json');
const SPECIAL = fixture('vector-special-values.json');

const parse = (text: string, options: Partial<PrometheusJsonOptions> = {}): MetricSampleRow[] => parsePrometheusJson(text, { hostLabel: 'instance', ...options });

function errorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, got none');
}

describe('parsePrometheusJson on an instant vector', () => {
  const rows = parse(UP);

  it('returns one row per series with its JSON path and no line', () => {
    expect(rows.map((r) => r.path)).toEqual(['$.data.result[0]', '$.data.result[1]', '$.data.result[2]', '$.data.result[3]', '$.data.result[4]']);
    expect(rows.every((r) => r.line === null)).toBe(true);
  });

  it('reads a sample field by field: seconds floored, value parsed, host raw with its port, labels without name and host', () => {
    expect(rows[0]).toEqual({
      ts: 1714564800,
      hostname: 'dn0001.smf1.example.com:9100',
      metric: 'up',
      value: 1,
      value_text: null,
      labels: '{"job":"node"}',
      line: null,
      path: '$.data.result[0]',
    });
  });

  it('keeps a 0 (a target that is down) as the number 0', () => {
    expect(rows[1]).toMatchObject({ hostname: 'dn0010.smf1.example.com:9100', value: 0, value_text: null });
  });

  it('keeps short names, IPv6 in brackets and IPs exactly as the instance label wrote them (the loader strips ports)', () => {
    expect(rows.map((r) => r.hostname)).toEqual([
      'dn0001.smf1.example.com:9100',
      'dn0010.smf1.example.com:9100',
      'dn0018:9100',
      '[2001:db8:b0::b]:9100',
      '10.176.1.16:9100',
    ]);
  });

  it('writes the other labels as JSON with keys in byte order, slashes unescaped', () => {
    expect(rows[4]!.labels).toBe('{"job":"node","rack":"/smf1/r01"}');
  });

  it('takes the host from another label when told to', () => {
    const got = parse(UP, { hostLabel: 'job' });
    expect(got[0]).toMatchObject({ hostname: 'node', labels: '{"instance":"dn0001.smf1.example.com:9100"}' });
  });

  it('returns no rows for an empty result', () => {
    expect(parse(fixture('vector-empty.json'))).toEqual([]);
  });

  it('parses after a UTF-8 byte order mark and with CRLF line endings', () => {
    expect(parse(`\uFEFF${UP}`)).toEqual(rows);
    expect(parse(JSON.stringify(JSON.parse(UP), null, 2).replace(/\n/g, '\r\n'))).toEqual(rows);
  });
});

describe('parsePrometheusJson on a range matrix', () => {
  const rows = parse(MATRIX);

  it('returns one row per [timestamp, value] pair, each with its own path', () => {
    expect(rows.map((r) => [r.path, r.hostname, r.ts, r.value])).toEqual([
      ['$.data.result[0].values[0]', 'dn0001.smf1.example.com:9100', 1714564800, 3.29],
      ['$.data.result[0].values[1]', 'dn0001.smf1.example.com:9100', 1714564860, 3.1],
      ['$.data.result[0].values[2]', 'dn0001.smf1.example.com:9100', 1714564920, 2.87],
      ['$.data.result[1].values[0]', 'dn0010.smf1.example.com:9100', 1714564800, 0.02],
      ['$.data.result[1].values[1]', 'dn0010.smf1.example.com:9100', 1714564860, null],
    ]);
  });

  it('stores NaN as a NULL value with value_text NaN', () => {
    expect(rows[4]).toEqual({
      ts: 1714564860,
      hostname: 'dn0010.smf1.example.com:9100',
      metric: 'node_load1',
      value: null,
      value_text: 'NaN',
      labels: '{"job":"node"}',
      line: null,
      path: '$.data.result[1].values[1]',
    });
  });
});

describe('parsePrometheusJson sample values', () => {
  const rows = parse(SPECIAL);
  const byPath = (i: number) => rows.find((r) => r.path === `$.data.result[${i}]`);

  it('reads NaN, +Inf and -Inf into value and value_text', () => {
    expect([0, 1, 2].map((i) => [byPath(i)!.value, byPath(i)!.value_text])).toEqual([
      [null, 'NaN'],
      [Infinity, '+Inf'],
      [-Infinity, '-Inf'],
    ]);
  });

  it("reads Go 'f' and 'e' formats: fractions and exponents", () => {
    expect([3, 4, 5].map((i) => byPath(i)!.value)).toEqual([1711886399.5, 1.5e21, 3e-7]);
  });

  it('keeps a recording-rule name with colons and the other labels of a filesystem series', () => {
    expect(byPath(1)!.metric).toBe('instance:node_disk_fill_eta_seconds:predict');
    expect(byPath(0)!.labels).toBe('{"device":"/dev/sdb1","fstype":"xfs","job":"node","mountpoint":"/data/1"}');
  });

  it('skips native histogram samples (they have no single value to store)', () => {
    expect(rows).toHaveLength(6);
    expect(byPath(6)).toBeUndefined();
  });
});

describe('parsePrometheusJson series without __name__', () => {
  it('uses defaultMetric for queries that drop the name', () => {
    const rows = parse(fixture('vector-sum-by-instance.json'), { defaultMetric: 'cpu_busy' });
    expect(rows[0]).toEqual({ ts: 1714564800, hostname: 'dn0001.smf1.example.com:9100', metric: 'cpu_busy', value: 0.41, value_text: null, labels: null, line: null, path: '$.data.result[0]' });
  });

  it('refuses them without defaultMetric, at the series path, saying how to name them', () => {
    expect(errorOf(() => parse(fixture('vector-sum-by-instance.json'))).message).toBe(
      '$.data.result[0].metric: no __name__ label: the query drops the metric name (sum by (...), rate(...), arithmetic); set metric: on the source, or name the series with label_replace(<query>, "__name__", "my_metric", "", "")',
    );
  });
});

describe('parsePrometheusJson errors', () => {
  it('refuses an empty input', () => {
    expect(errorOf(() => parse('')).message).toBe('line 1: empty JSON document');
  });

  it('reports a document cut in half as truncated', () => {
    const half = UP.slice(0, Math.floor(UP.length / 2));
    expect(errorOf(() => parse(half)).message).toBe(`line 1: invalid JSON: the document ends early (truncated?) at column ${half.length + 1}`);
  });

  it('quotes the errorType and error of an error envelope', () => {
    expect(errorOf(() => parse(fixture('error-bad-data.json'))).message).toBe(
      `$.status: the query failed: bad_data: invalid parameter "query": 1:14: parse error: unexpected right parenthesis ')'`,
    );
  });

  it('refuses a scalar result, explaining that a per-host vector or matrix is needed', () => {
    expect(errorOf(() => parse(fixture('scalar.json'))).message).toBe(
      '$.data.resultType: the query returned a scalar, which names no host; a per-host instant vector or range matrix is needed (a query like up or node_load1, not scalar(...) or a literal)',
    );
  });

  it('refuses a result none of whose series has the host label, naming the label and the labels present', () => {
    expect(errorOf(() => parse(UP, { hostLabel: 'host' })).message).toBe(
      '$.data.result[0].metric: no "host" label to name the host, nor has any other series; the labels are __name__, instance, job (set host_label to the label that names the host, or keep it in the query: sum by (host) (...))',
    );
  });

  it('skips and counts the samples of series without the host label, or with it empty, among series that have it', () => {
    const doc = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'up', instance: 'dn0001.smf1.example.com:9100', job: 'node' }, values: [[1714564800, '1'], [1714564815, '1']] },
          { metric: { __name__: 'up', instance: '', job: 'federate' }, values: [[1714564800, '1'], [1714564815, '1']] },
          { metric: { __name__: 'up', job: 'pushgateway' }, values: [[1714564800, '0']] },
        ],
      },
    };
    let skipped = 0;
    const rows = parse(JSON.stringify(doc), { onSkipped: () => skipped++ });
    expect(rows.map((r) => r.path)).toEqual(['$.data.result[0].values[0]', '$.data.result[0].values[1]']);
    expect(skipped).toBe(3);
  });

  it('refuses a non-numeric value at its path', () => {
    expect(errorOf(() => parse(UP.replace('"value":[1714564800.781,"0"]', '"value":[1714564800.781,"down"]'))).message).toBe(
      '$.data.result[1].value[1]: bad value "down": expected a number, NaN, +Inf or -Inf',
    );
  });

  it('refuses a value given as a JSON number (Prometheus writes strings)', () => {
    expect(errorOf(() => parse(UP.replace('"value":[1714564800.781,"0"]', '"value":[1714564800.781,0]'))).message).toBe(
      '$.data.result[1].value[1]: expected the value as a string like "1", got number 0',
    );
  });

  it('refuses a timestamp that is not a number', () => {
    expect(errorOf(() => parse(MATRIX.replace('[1714564920.999,"2.87"]', '["1714564920.999","2.87"]'))).message).toBe(
      '$.data.result[0].values[2][0]: expected a timestamp in seconds (a number), got "1714564920.999"',
    );
  });

  it('refuses a bare result list (promtool output), asking for the API envelope', () => {
    const bare = JSON.stringify((JSON.parse(UP) as { data: { result: unknown } }).data.result);
    expect(errorOf(() => parse(bare)).message).toBe(
      '$: expected the HTTP API envelope {"status":"success","data":{"resultType":...,"result":[...]}}, got a bare list (promtool output?): fetch /api/v1/query or /api/v1/query_range',
    );
  });

  it('refuses binary garbage', () => {
    expect(errorOf(() => parse('\u001f\u008b\b\0\0\0')).message).toBe("line 1: invalid JSON at column 1: unexpected '\\x1f'");
  });
});

describe('parsePrometheusJson on mutated input (property)', () => {
  const junk = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('null', '{}', '[]', '"', ',', '"instance":"",', '"value":[1,"x"],', '"histogram":[1,{}],', '[1e999,"1"]', '"NaN"', '"resultType":"scalar",'),
  );
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: junk }),
  );

  it('returns rows with a hostname or throws ParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(UP, MATRIX, SPECIAL), fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
        let t = text;
        for (const m of mutations) {
          const at = m.at % (t.length + 1);
          if (m.kind === 'truncate') t = t.slice(0, at);
          else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
          else t = t.slice(0, at) + m.text + t.slice(at);
        }
        try {
          for (const r of parse(t)) {
            expect(r.hostname).not.toBe('');
            expect(Number.isInteger(r.ts)).toBe(true);
          }
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 200 },
    );
  });
});
