import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLines } from '../../src/export/file-lines.js';
import { tempDir } from '../helpers/cli.js';

describe('fileLines', () => {
  const dir = tempDir('bf-lines-');
  const file = (name: string, content: string | Buffer) => {
    const f = join(dir, name);
    writeFileSync(f, content);
    return f;
  };

  it('yields each line; an empty line is a row holding the empty string; no phantom line after the last newline', () => {
    expect([...fileLines(file('a', 'x\n\ny\n'))]).toEqual(['x', '', 'y']);
    expect([...fileLines(file('b', ''))]).toEqual([]);
    expect([...fileLines(file('c', '\n'))]).toEqual(['']);
  });

  it('keeps a last line without a newline', () => {
    expect([...fileLines(file('d', 'x\ny'))]).toEqual(['x', 'y']);
  });

  it('reassembles lines and multi-byte characters split across reads', () => {
    const text = Array.from({ length: 200 }, (_, i) => `héllo-日本-😀-${i}`).join('\n') + '\n';
    const f = file('e', text);
    for (const chunk of [1, 2, 3, 5, 7, 64]) expect([...fileLines(f, chunk)].join('\n') + '\n').toBe(text);
  });

  it('stops reading when the consumer stops (the file is closed)', () => {
    const gen = fileLines(file('f', 'a\nb\nc\n'));
    expect(gen.next().value).toBe('a');
    gen.return(undefined);
    expect(gen.next().done).toBe(true);
  });
});
