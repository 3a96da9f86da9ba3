/**
 * Text for a person's terminal. Values breakfix prints come from inputs it
 * does not control (inventory fields, deny reasons, a command's stderr,
 * hostnames in messages, view values), and a terminal obeys what they carry:
 * ESC starts a control sequence (colours, cursor moves, a new window title,
 * on some terminals writing to the clipboard), CR and backspace overwrite
 * what was printed before, BEL rings. So every character a terminal would act
 * on is printed as an escape a person can read:
 *
 * - C0 controls (U+0000–U+001F) as `\t`, `\n`, `\r` or `\xHH` (`\x1b` for ESC);
 * - DEL and the C1 controls (U+007F–U+009F; U+009B is a one-character CSI) as `\xHH`;
 * - the Unicode bidirectional overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069), which reorder what follows them on screen, as `\uHHHH`.
 *
 * A backslash is left as it is: the escapes are for reading, not for parsing
 * back (machine formats have their own contracts: the text-table codec, CSV,
 * JSON).
 */

/** Everything that is escaped, line layout included (one cell, one value). */
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same, but newline and TAB pass: the layout of text breakfix itself composed. */
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One value (a table cell, a reason, a hostname): every control character
 * escaped, newline and TAB included, so the value stays on its line.
 */
export function escapeValue(text: string): string {
  ANY_CONTROL.lastIndex = 0;
  return ANY_CONTROL.test(text) ? text.replace(ANY_CONTROL, escapeOne) : text;
}

/**
 * Text breakfix composed for a terminal (a summary, a table, a message):
 * newlines and TABs are its layout and pass; every other control character
 * is escaped. Applied once, where the CLI writes (src/cli/io.ts).
 */
export function escapeForTerminal(text: string): string {
  CONTROL_BUT_LAYOUT.lastIndex = 0;
  return CONTROL_BUT_LAYOUT.test(text) ? text.replace(CONTROL_BUT_LAYOUT, escapeOne) : text;
}
