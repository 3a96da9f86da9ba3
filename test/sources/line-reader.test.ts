import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { readLines } from '../../src/sources/line-reader.js';
import { parseLines, type LineParserFactory } from '../../src/sources/parser.js';

const dir = mkdtempSync(join(tmpdir(), 'bf-lines-'));
let n = 0;
function file(content: string | Buffer): string {
  const f = join(dir, `f${n++}`);
  writeFileSync(f, content);
  return f;
}
async function lines(content: string | Buffer): Promise<[string, number][]> {
  const out: [string, number][] = [];
  await readLines(file(content), (t, l) => out.push([t, l]));
  return out;
}

describe('readLines', () => {
  it('splits on LF, drops CR of CRLF, keeps a last line without newline', async () => {
    expect(await lines('a\r\nb\n\nc')).toEqual([
      ['a', 1],
      ['b', 2],
      ['', 3],
      ['c', 4],
    ]);
  });

  it('skips a UTF-8 byte order mark', async () => {
    expect(await lines('\uFEFFhost1\n')).toEqual([['host1', 1]]);
  });

  it('reads an empty file as no lines', async () => {
    expect(await lines('')).toEqual([]);
  });

  it('reports a NUL byte at its line', async () => {
    await expect(lines('ok\nbin\0ary\n')).rejects.toThrow(new ParseError('NUL byte at byte 4 of the line (is this a binary file?)', 2));
  });

  it('reports invalid UTF-8 at its line', async () => {
    await expect(lines(Buffer.concat([Buffer.from('a\nb'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]))).rejects.toThrow(
      new ParseError('invalid UTF-8 at byte 2 of the line (is the file in another encoding?)', 2),
    );
  });

  it('reads lines that straddle chunk boundaries, multi-byte characters included', async () => {
    const big = Array.from({ length: 300_000 }, (_, i) => `hôst-${i}-✓`).join('\n') + '\n';
    const got = await lines(big);
    expect(got).toHaveLength(300_000);
    expect(got[123_456]).toEqual(['hôst-123456-✓', 123_457]);
  });

  it('agrees with parseLines, the in-memory splitter parsers are tested with', async () => {
    const text = '\uFEFFa\r\n\nb\tc\nlast';
    const collect: LineParserFactory<[string, number], object> = (_o, emit) => ({ line: (t, l) => emit([t, l]), end() {} });
    expect(parseLines(collect, {}, text)).toEqual(await lines(text));
  });
});
