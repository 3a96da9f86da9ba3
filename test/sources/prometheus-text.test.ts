import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseLines } from '../../src/sources/parser.js';
import { prometheusTextParser } from '../../src/sources/prometheus-text.js';
import type { MetricSampleRow } from '../../src/sources/rows.js';

const FEDERATE = readFileSync(join(import.meta.dirname, '../fixtures/prometheus/federate-node.txt'), 'utf8');
/** The capture time the loader would pass: samples without a timestamp get it. */
const CAPTURED = 1714564830;

const parse = (text: string, hostLabel = 'instance'): MetricSampleRow[] => parseLines(prometheusTextParser, { hostLabel, defaultTs: CAPTURED }, text);
/** One sample line after a HELP and TYPE line, so errors are reported at line 3. */
const sample = (line: string): MetricSampleRow[] => parse(`# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\n${line}\n`);

function errorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, got none');
}

describe('prometheusTextParser on a federate dump', () => {
  const rows = parse(FEDERATE);
  const at = (line: number): MetricSampleRow => {
    const r = rows.find((x) => x.line === line);
    if (r === undefined) throw new Error(`no row for line ${line}`);
    return r;
  };

  it('returns one row per sample line, skipping HELP, TYPE and empty lines', () => {
    expect(rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22, 25, 28, 31, 34, 35]);
  });

  it('reads a sample field by field: ms timestamp to seconds, host raw with its port, other labels as JSON', () => {
    expect(at(3)).toEqual({
      ts: 1714564800,
      hostname: 'dn0001.smf1.example.com:9100',
      metric: 'up',
      value: 1,
      value_text: null,
      labels: '{"job":"node"}',
      line: 3,
      path: null,
    });
  });

  it('keeps short names and IPv6 in brackets as written', () => {
    expect([at(5).hostname, at(6).hostname]).toEqual(['dn0018:9100', '[2001:db8:b0::b]:9100']);
    expect(at(4).value).toBe(0);
  });

  it('separates tokens by any run of blanks and tabs', () => {
    expect(FEDERATE.split('\n')[9]).toContain('}\t\t0.02\t1714564800781');
    expect([at(9).value, at(9).ts]).toEqual([3.29, 1714564800]);
    expect([at(10).value, at(10).ts]).toEqual([0.02, 1714564800]);
  });

  it('reads exponent values, and gives a sample without a timestamp the capture time', () => {
    expect(at(13)).toMatchObject({ metric: 'node_boot_time_seconds', value: 1711886399.5, ts: 1714564800 });
    expect(at(14)).toMatchObject({ value: 1711886412, ts: CAPTURED });
    expect(at(18).value).toBe(3812447637504);
  });

  it('accepts a trailing comma inside the braces', () => {
    expect(FEDERATE.split('\n')[13]).toContain(',job="node",}');
    expect(at(14).labels).toBe('{"job":"node"}');
  });

  it('stores NaN as a NULL value with value_text NaN, and +Inf as Infinity with value_text +Inf', () => {
    expect(at(17)).toEqual({
      ts: 1714564800,
      hostname: 'dn0001.smf1.example.com:9100',
      metric: 'node_filesystem_avail_bytes',
      value: null,
      value_text: 'NaN',
      labels: '{"device":"/dev/sdb1","fstype":"xfs","job":"node","mountpoint":"/data/1"}',
      line: 17,
      path: null,
    });
    expect([at(21).metric, at(21).value, at(21).value_text]).toEqual(['instance:node_disk_fill_eta_seconds:predict', Infinity, '+Inf']);
  });

  it('unescapes \\\\ in a label value', () => {
    expect(JSON.parse(at(25).labels!)).toEqual({ job: 'node', name: 'dev-disk-by\\x2duuid-4c1f.swap', state: 'failed', type: 'swap' });
  });

  it('reads a label value with escaped quotes, a comma, braces, spaces and an escaped newline', () => {
    expect(JSON.parse(at(31).labels!)).toEqual({
      check: 'disk',
      job: 'node',
      message: 'smartctl: "Reallocated_Sector_Ct" 112, {raw} > 100\nsee BRK-1054',
    });
  });

  it('reads node_uname_info with a version label full of spaces and a #', () => {
    expect(at(34)).toMatchObject({ metric: 'node_uname_info', hostname: 'dn0001.smf1.example.com:9100', value: 1, ts: 1714564800 });
    expect(JSON.parse(at(34).labels!)).toMatchObject({ nodename: 'dn0001', version: '#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024' });
    expect(at(35).ts).toBe(CAPTURED);
  });

  it('parses the same rows from CRLF line endings and after a UTF-8 byte order mark', () => {
    expect(parse(FEDERATE.replace(/\n/g, '\r\n'))).toEqual(rows);
    expect(parse(`\uFEFF${FEDERATE}`)).toEqual(rows);
  });

  it('returns no rows for an empty input or comments only (the loader fails closed on zero rows)', () => {
    expect(parse('')).toEqual([]);
    expect(parse('# HELP up 1 if the target was scraped successfully, else 0.\n# TYPE up untyped\n\n')).toEqual([]);
  });
});

describe('prometheusTextParser label sets', () => {
  it('sorts the other labels bytewise whatever order the line wrote them in', () => {
    expect(sample('node_load1{zone="b",job="node",instance="dn1:9100",Zone="a",_x="c"} 1')[0]!.labels).toBe('{"Zone":"a","_x":"c","job":"node","zone":"b"}');
  });

  it('stores NULL labels when only the name and host label are left', () => {
    expect(sample('node_load1{instance="dn1:9100"} 1')[0]!.labels).toBeNull();
  });

  it('allows blanks around tokens inside the braces', () => {
    expect(sample('node_load1{ instance = "dn1:9100" , job="node" } 0.5')[0]).toMatchObject({ hostname: 'dn1:9100', value: 0.5, labels: '{"job":"node"}' });
  });

  it('reads a quoted metric name and quoted label names (Prometheus 3 UTF-8 names)', () => {
    expect(sample('{"node.load1", "instance"="dn1:9100", "my.label"="x"} 2')[0]).toMatchObject({ metric: 'node.load1', hostname: 'dn1:9100', labels: '{"my.label":"x"}' });
  });

  it('takes the metric name from a __name__ label when none precedes the braces', () => {
    expect(sample('{__name__="node_load1",instance="dn1:9100"} 2')[0]).toMatchObject({ metric: 'node_load1', labels: null });
  });

  it('keeps escapes Prometheus does not replace (\\t) as written', () => {
    expect(sample('node_load1{instance="dn1:9100",path="C:\\tmp"} 1')[0]!.labels).toBe('{"path":"C:\\\\tmp"}');
  });

  it('reads Inf as +Inf, and negative and signless exponents', () => {
    const rows = parse('a{instance="h"} Inf\nb{instance="h"} -Inf\nc{instance="h"} 1e3\nd{instance="h"} -2.5E-3\ne{instance="h"} .5\n');
    expect(rows.map((r) => [r.value, r.value_text])).toEqual([
      [Infinity, '+Inf'],
      [-Infinity, '-Inf'],
      [1000, null],
      [-0.0025, null],
      [0.5, null],
    ]);
  });

  it('floors a millisecond timestamp to seconds', () => {
    expect(sample('node_load1{instance="dn1:9100"} 1 1714564800999')[0]!.ts).toBe(1714564800);
  });
});

describe('prometheusTextParser errors', () => {
  it('refuses an unterminated label value', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100,job="node"} 1')).message).toBe('line 3: expected "," or "}" after the value of label "instance", got "n"');
    expect(errorOf(() => sample('node_load1{instance="dn1:9100} 1')).message).toBe('line 3: unterminated value of label "instance": no closing quote');
  });

  it('refuses a bad label name', () => {
    expect(errorOf(() => sample('node_load1{1nstance="dn1:9100"} 1')).message).toBe(
      'line 3: bad label name "1nstance": label names match [a-zA-Z_][a-zA-Z0-9_]* (or are quoted)',
    );
    expect(errorOf(() => sample('node_load1{host.name="dn1:9100"} 1')).message).toBe(
      'line 3: bad label name "host.name": label names match [a-zA-Z_][a-zA-Z0-9_]* (or are quoted)',
    );
  });

  it('refuses a bad metric name', () => {
    expect(errorOf(() => sample('node-load1{instance="dn1:9100"} 1')).message).toBe('line 3: bad metric name "node-load1": metric names match [a-zA-Z_:][a-zA-Z0-9_:]*');
  });

  it('refuses a bad value', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100"} abc')).message).toBe('line 3: bad value "abc": expected a number, NaN, +Inf or -Inf');
  });

  it('refuses a value beyond float64, as Go ParseFloat does', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100"} 1e400')).message).toBe('line 3: bad value "1e400": out of the float64 range');
  });

  it('refuses a bad timestamp', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100"} 3.29 12.5x')).message).toBe('line 3: bad timestamp "12.5x": expected integer milliseconds since the epoch');
  });

  it('refuses a timestamp in seconds (OpenMetrics) instead of dating the sample 1970', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100"} 3.29 1714564800')).message).toBe(
      'line 3: bad timestamp "1714564800": as milliseconds that is before 1973; this format writes milliseconds (is this OpenMetrics text, which writes seconds?)',
    );
  });

  it('refuses a missing value', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100"}')).message).toBe('line 3: missing value for node_load1');
    expect(errorOf(() => sample('node_load1 ')).message).toBe('line 3: missing value for node_load1');
  });

  it('refuses text after the timestamp', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100"} 1 1714564800781 extra')).message).toBe('line 3: unexpected text after the timestamp: "extra"');
  });

  it('refuses an input none of whose samples has the host label, naming the label and the labels present', () => {
    expect(errorOf(() => sample('node_load1{job="node"} 1')).message).toBe(
      'line 3: node_load1 has no "instance" label to name the host (job), nor has any other sample; set host_label to the label that names the host',
    );
    expect(errorOf(() => sample('node_load1 1')).message).toBe(
      'line 3: node_load1 has no "instance" label to name the host (no labels), nor has any other sample; set host_label to the label that names the host',
    );
    expect(errorOf(() => sample('node_load1{instance=""} 1')).message).toMatch(/^line 3: node_load1 has no "instance" label/);
  });

  // A /federate dump carries series aggregated across hosts (recording rules) beside per-host ones: one used to fail the whole source.
  it('skips and counts samples without the host label, or with it empty, among samples that have it', () => {
    const text = [
      'up{instance="dn0001.smf1.example.com:9100",job="node"} 1 1714564800781',
      'up{instance="",job="federate"} 1 1714564800781',
      'job:up:sum{job="node"} 812 1714564800781',
      'up{instance="dn0002.smf1.example.com:9100",job="node"} 0 1714564800781',
      'job:up:sum{instance="",job="node"} NaN',
    ].join('\n');
    let skipped = 0;
    const rows = parseLines(prometheusTextParser, { hostLabel: 'instance', defaultTs: CAPTURED, onSkipped: () => skipped++ }, text);
    expect(rows.map((r) => [r.line, r.hostname])).toEqual([
      [1, 'dn0001.smf1.example.com:9100'],
      [4, 'dn0002.smf1.example.com:9100'],
    ]);
    expect(skipped).toBe(3);
  });

  it('still checks a sample it skips: a damaged one is an error', () => {
    expect(errorOf(() => parse('up{instance="dn1:9100"} 1\nup{job="x"} one\n')).message).toBe('line 2: bad value "one": expected a number, NaN, +Inf or -Inf');
  });

  it('refuses a label given twice', () => {
    expect(errorOf(() => sample('node_load1{instance="a",instance="b"} 1')).message).toBe('line 3: label "instance" appears twice');
  });

  it('refuses a label set without its closing brace', () => {
    expect(errorOf(() => sample('node_load1{instance="dn1:9100",')).message).toBe('line 3: unterminated label set: no closing "}"');
  });

  it('refuses a Prometheus JSON response, naming the right format', () => {
    expect(errorOf(() => parse('{"status":"success","data":{"resultType":"vector","result":[]}}')).message).toBe(
      'line 1: this is a Prometheus HTTP API JSON response, not the text exposition format: use format prometheus-json',
    );
  });

  it('refuses binary garbage (a NUL byte) at its line', () => {
    expect(errorOf(() => parse(`${FEDERATE.split('\n').slice(0, 3).join('\n')}\n\u001f\u008b\b\0\0\n`)).message).toBe('line 4: NUL byte in a text input (is this a binary file?)');
  });

  it('reports a line cut inside the label set (a truncated dump)', () => {
    const cut = FEDERATE.slice(0, FEDERATE.indexOf('instance="', FEDERATE.indexOf('node_uname_info{')) + 15);
    expect(cut.endsWith('node_uname_info{domainname="(none)",instance="dn000')).toBe(true);
    expect(errorOf(() => parse(cut)).message).toBe('line 34: unterminated value of label "instance": no closing quote');
  });
});

describe('prometheusTextParser on mutated input (property)', () => {
  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('up 1', 'up{instance=""} 1', 'x{instance="h",} NaN 1', '{"a"} 1', '# TYPE x gauge', 'a{b="\\"} 1', '\t\t', '{"status":"error"}'),
  );
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: junk }),
  );

  it('returns rows with a hostname or throws ParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        let t = FEDERATE;
        for (const m of mutations) {
          if (m.kind === 'truncate') t = t.slice(0, m.at % (t.length + 1));
          else {
            const ls = t.split('\n');
            if (m.kind === 'drop') ls.splice(m.at % ls.length, 1);
            else ls.splice(m.at % (ls.length + 1), 0, m.text);
            t = ls.join('\n');
          }
        }
        try {
          for (const r of parse(t)) {
            expect(r.hostname).not.toBe('');
            expect(r.metric).not.toBe('');
          }
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 200 },
    );
  });
});
