/**
 * Compare strings as their UTF-8 bytes compare (`Buffer.compare`, SQLite
 * BINARY, `LC_ALL=C sort`), never `localeCompare`: plans, reasons and group
 * lists must come out the same on every machine.
 *
 * UTF-16 code-unit order (what `<` does) agrees with UTF-8 byte order except
 * that surrogates (code points above U+FFFF) must sort after U+E000..U+FFFF;
 * the rank shift below fixes that without allocating buffers.
 */
export function compareBytewise(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return utf8Rank(x) - utf8Rank(y);
  }
  return a.length - b.length;
}

function utf8Rank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Order rows by their `hostname`, bytewise. */
export function byHostname(a: { readonly hostname: string }, b: { readonly hostname: string }): number {
  return compareBytewise(a.hostname, b.hostname);
}

/** A sorted copy, bytewise. */
export function sortedBytewise(items: Iterable<string>): string[] {
  return [...items].sort(compareBytewise);
}
