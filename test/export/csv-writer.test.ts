import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from '../../src/export/csv-writer.js';
import { renderRows } from '../../src/export/render-rows.js';

describe('the CSV writer', () => {
  it('quotes only what RFC 4180 needs, doubling quotes', () => {
    expect(csvField('dn1.x.com')).toBe('dn1.x.com');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(12)).toBe('12');
  });

  it('keeps NULL (empty field) and the empty string ("") apart', () => {
    expect(csvRecord([null, '', 'x'])).toBe(',"",x\n');
  });

  it('round-trips through csv-parse for any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ minLength: 1 }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 10 }), (rows) => {
        const width = rows[0]!.length;
        const same = rows.map((r) => r.slice(0, width).concat(Array(Math.max(0, width - r.length)).fill('x')));
        const text = same.map((r) => csvRecord(r)).join('');
        expect(parse(text, { relax_column_count: false })).toEqual(same);
      }),
      { numRuns: 50 },
    );
  });
});

describe('renderRows', () => {
  const columns = ['hostname', 'cluster'];
  const rows: (string | null)[][] = [
    ['dn1.x.com', 'dwh'],
    ['dn2.x.com', null],
  ];
  const render = (format: Parameters<typeof renderRows>[0]) => {
    let out = '';
    renderRows(format, columns, rows, (s) => (out += s));
    return out;
  };

  it('prints tsv as text-table lines, csv with a header, json as an array of objects, and an aligned table', () => {
    expect(render('tsv')).toBe('dn1.x.com\tdwh\ndn2.x.com\t-\n');
    expect(render('csv')).toBe('hostname,cluster\ndn1.x.com,dwh\ndn2.x.com,\n');
    expect(JSON.parse(render('json'))).toEqual([
      { hostname: 'dn1.x.com', cluster: 'dwh' },
      { hostname: 'dn2.x.com', cluster: null },
    ]);
    expect(render('table')).toBe('hostname   cluster\ndn1.x.com  dwh\ndn2.x.com  -\n(2 rows)\n');
  });

  it('prints an empty json array for no rows', () => {
    let out = '';
    renderRows('json', columns, [], (s) => (out += s));
    expect(JSON.parse(out)).toEqual([]);
  });
});
