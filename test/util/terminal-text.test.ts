import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/util/format-table.js';
import { escapeForTerminal, escapeValue } from '../../src/util/terminal-text.js';

const RED = '\x1b[31mred\x1b[0m\r';

describe('escapeForTerminal', () => {
  it('escapes ESC, CR, backspace, BEL, DEL, C1 controls and bidi overrides; keeps newlines and TABs', () => {
    expect(escapeForTerminal(`a ${RED}\tb\n\b\x07\x7f\u009b\u202e\u2066`)).toBe('a \\x1b[31mred\\x1b[0m\\r\tb\n\\x08\\x07\\x7f\\x9b\\u202e\\u2066');
  });

  it('leaves ordinary text (and UTF-8 beyond the controls) as it is', () => {
    const s = 'dn1.smf1.example.com  Zürich ✓ 東京 \\x1b';
    expect(escapeForTerminal(s)).toBe(s);
  });
});

describe('escapeValue', () => {
  it('escapes newlines and TABs too: a value stays on its line', () => {
    expect(escapeValue(`x\ny\tz${RED}`)).toBe('x\\ny\\tz\\x1b[31mred\\x1b[0m\\r');
  });
});

describe('formatTable', () => {
  it('shows a cell holding control characters escaped, aligned by what is shown', () => {
    expect(formatTable(['host', 'note'], [['dn1', RED], ['dn22', 'ok']])).toBe('host  note\ndn1   \\x1b[31mred\\x1b[0m\\r\ndn22  ok\n');
  });
});
