import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseHdfsHosts } from '../../src/sources/hdfs-hosts.js';
import type { HdfsHostRow } from '../../src/sources/rows.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/hdfs/${name}`, import.meta.url), 'utf8');
const parse = (text: string): HdfsHostRow[] => parseHdfsHosts(text, {});

const ARRAY = fixture('dfs.hosts.json');
const LEGACY = fixture('dfs.hosts.legacy.json');

function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError, but parsing succeeded');
}

describe('parseHdfsHosts: the JSON array form', () => {
  const rows = parse(ARRAY);

  it('reads every host object with the line it starts on and its $[i] path', () => {
    expect(rows).toEqual([
      { hostname: 'dn0001.smf1.example.com', port: null, upgrade_domain: 'ud-01', admin_state: 'in-service', maintenance_expires: null, line: 2, path: '$[0]' },
      { hostname: 'dn0002.smf1.example.com', port: 9866, upgrade_domain: 'ud-02', admin_state: 'in-service', maintenance_expires: null, line: 3, path: '$[1]' },
      { hostname: 'dn0003.smf1.example.com', port: null, upgrade_domain: 'ud-01', admin_state: 'decommissioned', maintenance_expires: null, line: 4, path: '$[2]' },
      // maintenanceExpireTimeInMS 1714579200781 ms → seconds, rounded down.
      { hostname: 'dn0005.smf1.example.com', port: null, upgrade_domain: 'ud-01', admin_state: 'in-maintenance', maintenance_expires: 1714579200, line: 5, path: '$[3]' },
      // Long.MAX_VALUE means "forever": NULL.
      { hostname: 'dn0006.smf1.example.com', port: null, upgrade_domain: 'ud-02', admin_state: 'in-maintenance', maintenance_expires: null, line: 7, path: '$[4]' },
      // Port 0 means any port, like no port.
      { hostname: 'dn0007.smf1.example.com', port: null, upgrade_domain: null, admin_state: 'in-service', maintenance_expires: null, line: 9, path: '$[5]' },
      { hostname: '10.176.2.18', port: 9866, upgrade_domain: null, admin_state: 'decommissioning', maintenance_expires: null, line: 10, path: '$[6]' },
      { hostname: 'dn0011.smf1.example.com', port: null, upgrade_domain: 'ud-01', admin_state: 'entering-maintenance', maintenance_expires: 1714651200, line: 15, path: '$[7]' },
    ]);
  });

  it('parses CRLF line endings and a byte order mark with the same rows and lines', () => {
    expect(parse(`\uFEFF${ARRAY.replaceAll('\n', '\r\n')}`)).toEqual(rows);
  });

  it('reads an empty or blank file as no hosts (the loader decides whether that is allowed)', () => {
    expect(parse('')).toEqual([]);
    expect(parse('\n  \n')).toEqual([]);
    expect(parse('[ ]\n')).toEqual([]);
  });

  it('accepts numbers written as strings, as Jackson does, and reads "9223372036854775807" as forever', () => {
    const text = '[{"hostName": "dn0005.smf1.example.com", "port": "9866", "adminState": "IN_MAINTENANCE", "maintenanceExpireTimeInMS": "9223372036854775807"}]';
    expect(parse(text)).toMatchObject([{ port: 9866, admin_state: 'in-maintenance', maintenance_expires: null }]);
  });
});

describe('parseHdfsHosts: the legacy form of concatenated objects', () => {
  const rows = parse(LEGACY);

  it('splits the objects itself, not fooled by braces and quotes inside strings', () => {
    expect(rows).toEqual([
      { hostname: 'dn0001.smf1.example.com', port: null, upgrade_domain: 'ud-01', admin_state: 'in-service', maintenance_expires: null, line: 1, path: '$[0]' },
      { hostname: 'dn0002.smf1.example.com', port: 9866, upgrade_domain: 'ud-02', admin_state: 'in-service', maintenance_expires: null, line: 2, path: '$[1]' },
      { hostname: 'dn0003.smf1.example.com', port: null, upgrade_domain: null, admin_state: 'decommissioned', maintenance_expires: null, line: 3, path: '$[2]' },
      { hostname: 'dn0005.smf1.example.com', port: null, upgrade_domain: 'ud-{r02}-1', admin_state: 'in-maintenance', maintenance_expires: 1714579200, line: 5, path: '$[3]' },
      { hostname: 'dn0019', port: null, upgrade_domain: 'ud-"}"-2', admin_state: 'in-service', maintenance_expires: null, line: 10, path: '$[4]' },
    ]);
  });

  it('parses CRLF line endings with the same rows and lines', () => {
    expect(parse(LEGACY.replaceAll('\n', '\r\n'))).toEqual(rows);
  });

  it('reports a syntax error inside one object at its line in the file', () => {
    const text = LEGACY.replace('"adminState": "IN_MAINTENANCE",', '"adminState": "IN_MAINTENANCE"');
    expect(parseErrorOf(() => parse(text)).message).toBe("line 9: invalid JSON at column 3: unexpected '\"'");
  });

  it('reports an object cut short at the end of the file as truncated', () => {
    expect(parseErrorOf(() => parse(LEGACY.slice(0, LEGACY.indexOf('"adminState": "IN_MAINTENANCE"')))).message).toBe(
      'line 8: invalid JSON: the document ends early (truncated?) at column 3',
    );
  });

  it('refuses commas between the objects, which Hadoop cannot read either', () => {
    const err = parseErrorOf(() => parse('{"hostName": "dn0001.smf1.example.com"},\n{"hostName": "dn0002.smf1.example.com"}\n'));
    expect(err.message).toBe("line 1: expected '{' to start host object 2, got \",\" (the legacy form is objects one after another, without commas)");
    expect(err.jsonPath).toBe('$[1]');
  });
});

describe('parseHdfsHosts: wrong keys and types', () => {
  it('refuses an unknown key, naming it and suggesting the right spelling', () => {
    const text = ARRAY.replace('{"hostName": "dn0002.smf1.example.com", "upgradeDomain"', '{"hostName": "dn0002.smf1.example.com", "upgradedomain"');
    const err = parseErrorOf(() => parse(text));
    expect(err.message).toBe(
      'line 3: unknown key "upgradedomain" (did you mean "upgradeDomain"?); the keys are hostName, port, upgradeDomain, adminState, maintenanceExpireTimeInMS',
    );
    expect(err.jsonPath).toBe('$[1]');
  });

  it('refuses an object without hostName', () => {
    const text = ARRAY.replace('"hostName": "10.176.2.18",\n', '');
    const err = parseErrorOf(() => parse(text));
    expect(err.message).toBe('line 10: hostName is missing (every host object needs one)');
    expect(err.jsonPath).toBe('$[6]');
  });

  it('refuses a port that is not a port number', () => {
    expect(parseErrorOf(() => parse(ARRAY.replace('"port": 9866}', '"port": true}'))).message).toBe(
      'line 3: port: expected a port number 0-65535, got boolean true',
    );
    expect(parseErrorOf(() => parse(ARRAY.replace('"port": 9866}', '"port": "dn-port"}'))).message).toBe(
      'line 3: port: expected a port number 0-65535, got the string "dn-port"',
    );
    expect(parseErrorOf(() => parse(ARRAY.replace('"port": 9866}', '"port": 98660}'))).message).toBe(
      'line 3: port: expected a port number 0-65535, got number 98660',
    );
  });

  it('refuses an adminState that is not an AdminStates name (they are case-sensitive)', () => {
    expect(parseErrorOf(() => parse(ARRAY.replace('"adminState": "DECOMMISSIONED"', '"adminState": "decommissioned"'))).message).toBe(
      'line 4: adminState: expected one of NORMAL, DECOMMISSIONED, IN_MAINTENANCE, DECOMMISSION_INPROGRESS, ENTERING_MAINTENANCE, got the string "decommissioned"',
    );
  });

  it('refuses a maintenance expiry that is not epoch milliseconds', () => {
    expect(parseErrorOf(() => parse(ARRAY.replace('1714579200781', '"2024-05-01T16:00:00Z"'))).message).toBe(
      'line 5: maintenanceExpireTimeInMS: expected epoch milliseconds (a Java long), got the string "2024-05-01T16:00:00Z"',
    );
  });

  it('refuses an array element that is not an object', () => {
    expect(parseErrorOf(() => parse('[\n  "dn0001.smf1.example.com"\n]\n')).message).toBe(
      'line 2: expected an object like {"hostName": "dn1.example.com"}, got the string "dn0001.smf1.example.com"',
    );
  });

  it('refuses truncated JSON at the line where it ends', () => {
    expect(parseErrorOf(() => parse(ARRAY.slice(0, ARRAY.indexOf('"adminState": "DECOMMISSION_INPROGRESS"')))).message).toBe(
      'line 13: invalid JSON: the document ends early (truncated?) at column 5',
    );
  });

  it('refuses a plain host list given as the JSON hosts file', () => {
    expect(parseErrorOf(() => parse('dn0001.smf1.example.com\ndn0002.smf1.example.com\n')).message).toBe(
      'line 1: expected a JSON array of host objects like [{"hostName": "dn1.example.com"}]; this looks like a plain host list: use kind hostlist',
    );
  });
});

describe('parseHdfsHosts: random damage', () => {
  for (const [name, text] of [
    ['array', ARRAY],
    ['legacy', LEGACY],
  ] as const) {
    const lines = text.split('\n');
    const mutation = fc.oneof(
      fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
      fc.nat({ max: lines.length - 1 }).map((i) => lines.filter((_, j) => j !== i).join('\n')),
      fc
        .tuple(fc.nat({ max: lines.length }), fc.string({ maxLength: 40 }))
        .map(([i, junk]) => [...lines.slice(0, i), junk, ...lines.slice(i)].join('\n')),
    );

    it(`either parses the ${name} form or throws a ParseError, and never returns a row without a hostname`, () => {
      fc.assert(
        fc.property(mutation, (input) => {
          let rows: HdfsHostRow[];
          try {
            rows = parse(input);
          } catch (err) {
            if (err instanceof ParseError) return;
            throw err;
          }
          for (const row of rows) expect(row.hostname.trim()).not.toBe('');
        }),
        { numRuns: 200 },
      );
    });
  }
});
