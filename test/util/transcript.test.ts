import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Transcript, TRANSCRIPT_STREAM_CAP } from '../../src/util/transcript.js';
import { tempDir } from '../helpers/cli.js';

const clock = () => new Date('2026-11-23T10:00:00.000Z');

function transcript(): { t: Transcript; read: () => string } {
  const file = join(tempDir(), 'runs', '2026-11-23', 'transcript.log');
  const t = new Transcript(file, clock);
  return { t, read: () => readFileSync(file, 'utf8') };
}

describe('Transcript', () => {
  it('indents a command output under its step, whole lines, however the output arrives in chunks', () => {
    const { t, read } = transcript();
    const out = t.commandOutput();
    out.write('stdout', 'first li');
    out.write('stderr', 'oops\n');
    out.write('stdout', 'ne\nsecond');
    out.end();
    expect(read()).toBe('    ! oops\n    | first line\n    | second\n');
  });

  it('copies at most the first 64 KiB of each stream of a command, then says how many bytes it did not copy', () => {
    const { t, read } = transcript();
    const out = t.commandOutput();
    const line = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 1024; i++) out.write('stdout', line); // 1 MiB
    out.write('stderr', 'short\n');
    out.end();
    const text = read();
    expect(TRANSCRIPT_STREAM_CAP).toBe(64 * 1024);
    expect(text.split('\n').filter((l) => l.startsWith('    | x')).length).toBe(64);
    expect(text).toContain(`    | [${1024 * 1024 - 64 * 1024} more bytes of stdout not copied: the transcript keeps the first 64 KiB of each stream of a command]\n`);
    expect(text).toContain('    ! short\n');
    expect(text.length).toBeLessThan(70 * 1024);
    // The next command starts with a fresh allowance.
    const next = t.commandOutput();
    next.write('stdout', 'again\n');
    next.end();
    expect(read().endsWith('    | again\n')).toBe(true);
  });

  it('never cuts a character in two at the cap', () => {
    const { t, read } = transcript();
    const out = t.commandOutput();
    out.write('stdout', 'a' + 'é'.repeat(40_000)); // 80,001 bytes, the cap falls inside an é
    out.end();
    const copied = read().split('\n')[0]!.slice('    | '.length);
    expect(copied).toBe('a' + 'é'.repeat(32_767));
    expect(read()).toContain(`[${80_001 - 1 - 2 * 32_767} more bytes of stdout not copied`);
  });

  it('escapes control characters of what it copies: it is read on terminals', () => {
    const { t, read } = transcript();
    const out = t.commandOutput();
    out.write('stderr', 'bad \x1b[31mred\x1b[0m\r done\x07\n');
    out.end();
    t.write('import', 'src: FAILED \x1b]0;title\x07');
    expect(read()).toBe('    ! bad \\x1b[31mred\\x1b[0m\\r done\\x07\n2026-11-23T10:00:00.000Z import src: FAILED \\x1b]0;title\\x07\n');
  });

  it('never appends through a link planted in place of transcript.log', () => {
    const dir = tempDir();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    const file = join(dir, 'transcript.log');
    symlinkSync(victim, file);
    const t = new Transcript(file, clock);
    expect(() => t.write('pass', 'hello')).toThrow(`${file}: is a symbolic link`);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});
