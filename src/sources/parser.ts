import { ParseError } from '../errors.js';
import { jsonErrorOffset } from './json-error-offset.js';

/**
 * The contract every parser follows. Parsers are pure: text in, typed rows
 * out, each row carrying where it came from. They know nothing of files,
 * databases or config files; they throw `ParseError` with a 1-based line (or
 * a JSON path) and the loader adds the file name.
 *
 * Hostnames in rows are raw, as the input wrote them (`dn1.x.com:9866`,
 * `[2001:db8::1]:9100`, `DN0019`): the loader normalises and validates them
 * with the workspace's `hosts:` settings, so a bad one is reported with the
 * row's line.
 */

/** Where a row came from: a 1-based line for text formats, a JSON path for JSON ones. */
export interface RowOrigin {
  readonly line: number | null;
  readonly path: string | null;
}

export type Emit<R> = (row: R) => void;

/**
 * A streaming line parser. The reader calls `line` for every line in order
 * (terminator and a trailing `\r` removed, UTF-8 BOM stripped, NUL bytes and
 * invalid UTF-8 already rejected), then `end` once with the number of the
 * last line (0 for an empty input). Rows are pushed to the `emit` the factory
 * was given, as soon as they are complete or, for formats that must see the
 * whole input (merging, counts to check), at `end`.
 */
export interface LineParser {
  line(text: string, lineNo: number): void;
  end(lastLineNo: number): void;
}

export type LineParserFactory<R, O> = (options: O, emit: Emit<R>) => LineParser;

/** A parser of a whole JSON document, given as text (JSON sources are bounded in size). */
export type JsonTextParser<R, O> = (text: string, options: O) => R[];

/**
 * Split text into lines exactly as the file reader does (`\n` separators, a
 * trailing `\r` dropped, no empty line after a final `\n`, BOM stripped) and
 * run a line parser over it. For tests and small inputs.
 */
export function parseLines<R, O>(factory: LineParserFactory<R, O>, options: O, text: string): R[] {
  const rows: R[] = [];
  const parser = factory(options, (r) => rows.push(r));
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let lineNo = 0;
  let start = 0;
  while (start < body.length) {
    let nl = body.indexOf('\n', start);
    if (nl === -1) nl = body.length;
    let line = body.slice(start, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lineNo++;
    if (line.includes('\0')) throw new ParseError('NUL byte in a text input (is this a binary file?)', lineNo);
    parser.line(line, lineNo);
    start = nl + 1;
  }
  parser.end(lineNo);
  return rows;
}

/**
 * JSON.parse with an error that says where: `line 3, column 17: Unexpected
 * end of JSON input` becomes a ParseError at that line. A document cut in half
 * is reported at its last line.
 */
export function parseJsonText(text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw new ParseError('empty JSON document', 1);
  try {
    return JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const offset = jsonErrorOffset(body);
    const before = body.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    if (offset >= body.trimEnd().length) {
      throw new ParseError(`invalid JSON: the document ends early (truncated?) at column ${column}`, line);
    }
    const found = body[offset]!;
    const shown = /[\x00-\x1f\x7f]/.test(found) ? `\\x${found.charCodeAt(0).toString(16).padStart(2, '0')}` : found;
    const reason = /Unexpected non-whitespace character after JSON/.test(message) ? 'text after the end of the JSON document' : `unexpected '${shown}'`;
    throw new ParseError(`invalid JSON at column ${column}: ${reason}`, line);
  }
}

/** `$.beans[0].LiveNodes["dn1:9866"]`: JSON paths for error messages and row origins. */
export function jsonPath(...parts: readonly (string | number)[]): string {
  let out = '$';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** Parse a decimal integer field strictly (no `12abc`, no `1e3`), or throw a ParseError naming the field. */
export function parseIntegerField(text: string, field: string, line: number | undefined, path?: string): number {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) throw new ParseError(`${field}: expected an integer, got ${JSON.stringify(text)}`, line, path);
  const n = Number(t);
  if (!Number.isSafeInteger(n)) throw new ParseError(`${field}: integer ${t} is too large`, line, path);
  return n;
}
