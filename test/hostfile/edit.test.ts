import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addHosts, entryNames, listEntries, removeHosts } from '../../src/hostfile/edit.js';

const FILE = [
  '# dfs.hosts.exclude -- managed by the SRE team',
  '',
  'retired-93.x.test\tdn0013.x.test:9866',
  'dn0019.x.test   # ticket BRK-1054',
  '   10.176.1.16  ',
  'dn0005#old',
  '#dn0001.x.test  (commented out: recommissioned)',
  '',
].join('\n');

describe('addHosts', () => {
  it('appends new hosts one per line with the comment and keeps every other byte', () => {
    const r = addHosts(FILE, ['dn0100.x.test', 'dn0101.x.test'], 'breakfix drain 2026-12-04 pass 3');
    expect(r.changed).toEqual(['dn0100.x.test', 'dn0101.x.test']);
    expect(r.unchanged).toEqual([]);
    expect(r.text).toBe(`${FILE}dn0100.x.test  # breakfix drain 2026-12-04 pass 3\ndn0101.x.test  # breakfix drain 2026-12-04 pass 3\n`);
  });

  it('does not add a host some entry already names: exact, with a port, in upper case, or by its short name', () => {
    const text = 'DN1.x.test\ndn2.x.test:9866\ndn3\n';
    const r = addHosts(text, ['dn1.x.test', 'dn2.x.test', 'dn3.x.test', 'dn4.x.test']);
    expect(r.unchanged).toEqual(['dn1.x.test', 'dn2.x.test', 'dn3.x.test']);
    expect(r.changed).toEqual(['dn4.x.test']);
    expect(r.text).toBe('DN1.x.test\ndn2.x.test:9866\ndn3\ndn4.x.test\n');
  });

  it('a commented-out host and a # glued to a name are not entries for it', () => {
    const r = addHosts(FILE, ['dn0001.x.test', 'dn0005']);
    expect(r.changed).toEqual(['dn0001.x.test', 'dn0005']);
  });

  it('adds a line break first when the file does not end with one, and keeps CRLF files CRLF', () => {
    expect(addHosts('a.x.test', ['b.x.test']).text).toBe('a.x.test\nb.x.test\n');
    expect(addHosts('a.x.test\r\n', ['b.x.test']).text).toBe('a.x.test\r\nb.x.test\r\n');
    expect(addHosts('', ['b.x.test']).text).toBe('b.x.test\n');
  });

  it('returns the same text when nothing is added, and names a host given twice once', () => {
    const r = addHosts(FILE, ['dn0019.x.test', 'dn0019.x.test']);
    expect(r.text).toBe(FILE);
    expect(r.unchanged).toEqual(['dn0019.x.test']);
  });
});

describe('removeHosts', () => {
  it('drops the line of a host alone on it, with its comment', () => {
    const r = removeHosts(FILE, ['dn0019.x.test']);
    expect(r.changed).toEqual(['dn0019.x.test']);
    expect(r.text).toBe(FILE.replace('dn0019.x.test   # ticket BRK-1054\n', ''));
  });

  it('takes a host out of a shared line and keeps the others and the comment', () => {
    expect(removeHosts('a.x.test b.x.test:9866 c.x.test  # batch 7\n', ['b.x.test']).text).toBe('a.x.test c.x.test  # batch 7\n');
    expect(removeHosts('a.x.test\tb.x.test\r\nz.x.test\r\n', ['a.x.test']).text).toBe('b.x.test\r\nz.x.test\r\n');
  });

  it('removes every entry naming the host: with a port, in another case, by short name', () => {
    const r = removeHosts('dn1.x.test:9866\nDN1.X.TEST\ndn1\nkeep.x.test\n', ['dn1.x.test']);
    expect(r.text).toBe('keep.x.test\n');
  });

  it('reports hosts not listed and leaves the text alone when none is', () => {
    const r = removeHosts(FILE, ['nope.x.test', 'dn0001.x.test']);
    expect(r.changed).toEqual([]);
    expect(r.unchanged).toEqual(['nope.x.test', 'dn0001.x.test']);
    expect(r.text).toBe(FILE);
  });

  it('removes the last line when it has no line break', () => {
    expect(removeHosts('a.x.test\nb.x.test', ['b.x.test']).text).toBe('a.x.test\n');
  });

  it('never matches an IP entry by a name, nor a short name against an IP', () => {
    expect(entryNames('10.176.1.16', 'dn0016.x.test')).toBe(false);
    expect(entryNames('10', '10.176.1.16')).toBe(false);
    expect(entryNames('10.176.1.16:9866', '10.176.1.16')).toBe(true);
  });
});

describe('listEntries', () => {
  it('lists entries with the comment of their line', () => {
    expect(listEntries(FILE).map((e) => [e.entry, e.comment, e.line])).toEqual([
      ['retired-93.x.test', null, 3],
      ['dn0013.x.test:9866', null, 3],
      ['dn0019.x.test', 'ticket BRK-1054', 4],
      ['10.176.1.16', null, 5],
      ['dn0005#old', null, 6],
    ]);
  });
});

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const host = fc.tuple(label, fc.constantFrom('x.test', 'y.test')).map(([l, d]) => `${l}.${d}`);
const entryLine = fc.tuple(fc.array(host, { minLength: 1, maxLength: 3 }), fc.option(fc.stringMatching(/^[a-z ]{0,10}$/), { nil: undefined })).map(
  ([hs, c]) => hs.join(' ') + (c === undefined ? '' : `  # ${c}`),
);
const otherLine = fc.constantFrom('', '# a comment', '   ', '#dn9.x.test');
const hostFile = fc.array(fc.oneof(entryLine, otherLine), { maxLength: 12 }).map((lines) => lines.map((l) => `${l}\n`).join(''));

function hostsIn(text: string): Set<string> {
  return new Set(listEntries(text).map((e) => e.entry));
}

describe('host file edits (properties)', () => {
  it('add: every host is then listed, no entry or comment line is lost, and adding again changes nothing', () => {
    fc.assert(
      fc.property(hostFile, fc.array(host, { maxLength: 4 }), (text, hosts) => {
        const r = addHosts(text, hosts, 'c');
        for (const h of hosts) expect([...hostsIn(r.text)].some((e) => entryNames(e, h))).toBe(true);
        expect(r.text.startsWith(text.endsWith('\n') || text === '' ? text : `${text}\n`)).toBe(true);
        expect(addHosts(r.text, hosts, 'c').text).toBe(r.text);
      }),
    );
  });

  it('remove: no entry names a removed host afterwards, every other entry and every comment-only line stays', () => {
    fc.assert(
      fc.property(hostFile, fc.array(host, { maxLength: 4 }), (text, hosts) => {
        const r = removeHosts(text, hosts);
        const after = listEntries(r.text).map((e) => e.entry);
        for (const h of hosts) expect(after.some((e) => entryNames(e, h))).toBe(false);
        const expected = listEntries(text)
          .map((e) => e.entry)
          .filter((e) => !hosts.some((h) => entryNames(e, h)));
        expect(after).toEqual(expected);
        const commentLines = (t: string) => t.split('\n').filter((l) => l.trimStart().startsWith('#'));
        expect(commentLines(r.text)).toEqual(commentLines(text));
      }),
    );
  });

  it('add then remove gives back the original entries', () => {
    fc.assert(
      fc.property(hostFile, fc.array(host, { maxLength: 4 }), (text, hosts) => {
        const fresh = hosts.filter((h) => !listEntries(text).some((e) => entryNames(e.entry, h)));
        const added = addHosts(text, fresh, 'c').text;
        expect(listEntries(removeHosts(added, fresh).text).map((e) => e.entry)).toEqual(listEntries(text).map((e) => e.entry));
      }),
    );
  });
});
