/**
 * The text-table format (docs/design.md#text-tables): the contract that keeps
 * `comm`, `join`, `sort`, `grep` and `wc -l` working on breakfix's output.
 *
 * - one row per line, `\n` endings, columns separated by one TAB, no header;
 * - NULL is `-`; a value that is exactly `-` is `\-`;
 * - TAB, LF, CR and backslash inside a value are `\t`, `\n`, `\r`, `\\`;
 * - lines are sorted bytewise (what `LC_ALL=C sort` does) — see `compareBytewise` in util/bytewise.ts.
 */

export type Cell = string | number | bigint | null | Uint8Array;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function encodeValue(value: Cell): string {
  if (value === null) return '-';
  if (typeof value === 'string') {
    if (value === '-') return '\\-';
    if (!NEEDS_ESCAPE.test(value)) return value;
    let out = '';
    for (const ch of value) {
      switch (ch) {
        case '\\':
          out += '\\\\';
          break;
        case '\t':
          out += '\\t';
          break;
        case '\n':
          out += '\\n';
          break;
        case '\r':
          out += '\\r';
          break;
        default:
          out += ch;
      }
    }
    return out;
  }
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return value.toString();
  return Buffer.from(value).toString('hex');
}

/**
 * Numbers as SQLite's own text conversion prints them, so an exported REAL
 * matches `CAST(x AS TEXT)`: integers without a fraction, infinities as
 * `Inf`/`-Inf`. Other reals use JavaScript's shortest round-trip form.
 */
export function formatNumber(n: number): string {
  if (n === Infinity) return 'Inf';
  if (n === -Infinity) return '-Inf';
  if (Number.isNaN(n)) return '-';
  return String(n);
}

export function encodeRow(values: readonly Cell[]): string {
  if (values.length === 1) return encodeValue(values[0]!);
  let line = encodeValue(values[0]!);
  for (let i = 1; i < values.length; i++) line += '\t' + encodeValue(values[i]!);
  return line;
}

/** Thrown by `decodeField` for an escape the format does not define; the caller adds line and column. */
export class EscapeError extends Error {}

/** One field of a text-table line back to its value (`-` → null). */
export function decodeField(field: string): string | null {
  if (field === '-') return null;
  if (!field.includes('\\')) return field;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const ch = field[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = field[++i];
    switch (next) {
      case '\\':
        out += '\\';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case '-':
        out += '-';
        break;
      case undefined:
        throw new EscapeError('a lone backslash at the end of the value (escape it as \\\\)');
      default:
        throw new EscapeError(`unknown escape \\${next} (the format has \\\\ \\t \\n \\r \\-)`);
    }
  }
  return out;
}

/** A text-table line back to its values, one per TAB-separated field. */
export function decodeLine(line: string): (string | null)[] {
  return line.split('\t').map(decodeField);
}
