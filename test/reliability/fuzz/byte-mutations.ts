import fc from 'fast-check';
import { junkBytes } from './junk.js';

/**
 * Mutations of an input's bytes. They work on a Buffer, never on decoded
 * text, so that NUL bytes, invalid UTF-8 and a cut in the middle of a
 * multi-byte character reach the reader exactly as a damaged file would.
 *
 * Positions are plain naturals taken modulo the current length: a
 * mutation is data (fast-check prints and shrinks it), and it applies to
 * any input, however earlier mutations changed its length.
 */
export type ByteMutation =
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'delete-range'; readonly at: number; readonly length: number }
  | { readonly op: 'delete-line'; readonly line: number }
  | { readonly op: 'duplicate-line'; readonly line: number; readonly times: number }
  | { readonly op: 'swap-lines'; readonly a: number; readonly b: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'replace-token'; readonly token: number; readonly bytes: Uint8Array }
  | { readonly op: 'flip'; readonly at: number; readonly mask: number };

const position = fc.nat();

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-range' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-line' as const), line: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-line' as const), line: position, times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap-lines' as const), a: position, b: position }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, bytes: junkBytes }) },
  // Most weight: a token (usually a hostname, a number or a key) replaced by junk keeps the rest of the
  // input well-formed, so the junk gets past the format checks to the field and hostname checks.
  { weight: 5, arbitrary: fc.record({ op: fc.constant('replace-token' as const), token: position, bytes: junkBytes }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }) },
);

export function applyByteMutations(input: Buffer, mutations: readonly ByteMutation[]): Buffer {
  return mutations.reduce(applyByteMutation, input);
}

function applyByteMutation(buf: Buffer, m: ByteMutation): Buffer {
  switch (m.op) {
    case 'truncate':
      return buf.subarray(0, m.at % (buf.length + 1));
    case 'delete-range': {
      const at = m.at % (buf.length + 1);
      return Buffer.concat([buf.subarray(0, at), buf.subarray(Math.min(buf.length, at + m.length))]);
    }
    case 'insert': {
      const at = m.at % (buf.length + 1);
      return Buffer.concat([buf.subarray(0, at), m.bytes, buf.subarray(at)]);
    }
    case 'flip': {
      if (buf.length === 0) return buf;
      const out = Buffer.from(buf);
      const at = m.at % out.length;
      out[at] = out[at]! ^ m.mask;
      return out;
    }
    case 'replace-token': {
      const tokens = tokenSpans(buf);
      if (tokens.length === 0) return buf;
      const [start, end] = tokens[m.token % tokens.length]!;
      return Buffer.concat([buf.subarray(0, start), m.bytes, buf.subarray(end)]);
    }
    case 'delete-line':
    case 'duplicate-line':
    case 'swap-lines':
      return Buffer.concat(mutateLines(splitLines(buf), m));
  }
}

function mutateLines(lines: Buffer[], m: Extract<ByteMutation, { op: 'delete-line' | 'duplicate-line' | 'swap-lines' }>): Buffer[] {
  if (lines.length === 0) return lines;
  const out = [...lines];
  if (m.op === 'delete-line') {
    out.splice(m.line % out.length, 1);
  } else if (m.op === 'duplicate-line') {
    const i = m.line % out.length;
    out.splice(i, 0, ...Array.from({ length: m.times }, () => withNewline(out[i]!)));
  } else {
    const a = m.a % out.length;
    const b = m.b % out.length;
    [out[a], out[b]] = [withNewline(out[b]!), withNewline(out[a]!)];
  }
  return out;
}

/** Lines with their terminators, so joining them gives back the input byte for byte. */
export function splitLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl === -1 ? buf.length : nl + 1;
    lines.push(buf.subarray(start, end));
    start = end;
  }
  return lines;
}

/** A moved or copied last line (which may lack its `\n`) must not merge with the line after it. */
function withNewline(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0a ? line : Buffer.concat([line, Buffer.from('\n')]);
}

/**
 * Where the tokens are: maximal runs of the bytes hostnames, addresses,
 * numbers and keys are made of (letters, digits, `.` `_` `:` `-` `[` `]`
 * `%` `/`, and any non-ASCII byte). Delimiters, blanks and quotes end them.
 */
function tokenSpans(buf: Buffer): [number, number][] {
  const spans: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= buf.length; i++) {
    const inToken = i < buf.length && isTokenByte(buf[i]!);
    if (inToken && start < 0) start = i;
    else if (!inToken && start >= 0) {
      spans.push([start, i]);
      start = -1;
    }
  }
  return spans;
}

function isTokenByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0x80 || '._:-[]%/'.includes(String.fromCharCode(b))
  );
}
