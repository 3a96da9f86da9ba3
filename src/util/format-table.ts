import { escapeValue } from './terminal-text.js';

/**
 * Aligned columns for people: numbers right-aligned, text left-aligned, two
 * spaces between columns, a header line. Widths count characters, which is
 * right for the ASCII hostnames and states breakfix prints. A cell is one
 * line whatever its value holds: control characters, newline and TAB
 * included, are shown escaped (`\x1b`, `\n`).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : escapeValue(String(c)))));
  const head = header.map(escapeValue);
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === 'number'));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}

/** `1234567` → `1.2 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
