import { isAscii, isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { ParseError } from '../errors.js';

/** Bytes read per chunk: large enough that per-chunk overhead vanishes, small enough to stay bounded. */
const CHUNK = 4 * 1024 * 1024;

export interface ReadProgress {
  (bytesRead: number): void;
}

/**
 * Stream a text file line by line without holding it in memory. Lines are
 * split on `\n`; a trailing `\r` is dropped (CRLF files); a UTF-8 BOM at the
 * start is skipped; there is no empty line after a final `\n`. NUL bytes and
 * invalid UTF-8 are errors at their line: a text format never contains them,
 * and a binary file must not be half-imported as text.
 *
 * `onLine` runs synchronously for each line; the reader awaits only file reads.
 * Returns the number of the last line (0 for an empty file).
 */
export async function readLines(
  file: string,
  onLine: (text: string, lineNo: number) => void,
  progress?: ReadProgress,
): Promise<number> {
  const handle = await open(file, 'r');
  try {
    // Bytes of an unfinished line stay at the front of `buf` and the next
    // read appends after them: no per-chunk Buffer.concat (a copy of every
    // byte read). A line longer than the buffer grows it, up to MAX_LINE_BYTES.
    let buf = Buffer.allocUnsafe(CHUNK);
    let carried = 0;
    let lineNo = 0;
    let bytesRead = 0;
    let first = true;
    for (;;) {
      if (carried === buf.length) {
        guardLongLine(carried, lineNo + 1);
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_LINE_BYTES + CHUNK));
        buf.copy(bigger, 0, 0, carried);
        buf = bigger;
      }
      const { bytesRead: n } = await handle.read(buf, carried, buf.length - carried, null);
      if (n === 0) break;
      bytesRead += n;
      let start = 0;
      const end = carried + n;
      if (first) {
        first = false;
        if (end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      }
      const lastNl = buf.lastIndexOf(0x0a, end - 1);
      if (lastNl < start) {
        // No line end yet: keep it all (minus a BOM, which must not come back as text).
        if (start > 0) buf.copy(buf, 0, start, end);
        carried = end - start;
        guardLongLine(carried, lineNo + 1);
        continue;
      }
      lineNo = emitLines(buf.subarray(start, lastNl + 1), lineNo, onLine);
      carried = end - (lastNl + 1);
      if (carried > 0) buf.copy(buf, 0, lastNl + 1, end);
      guardLongLine(carried, lineNo + 1);
      progress?.(bytesRead);
    }
    if (carried > 0) {
      // The last line has no `\n`: still a line.
      const withNl = Buffer.concat([buf.subarray(0, carried), Buffer.from('\n')]);
      lineNo = emitLines(withNl, lineNo, onLine);
    }
    progress?.(bytesRead);
    return lineNo;
  } finally {
    await handle.close();
  }
}

/** A single line this long is not a line of any format breakfix reads; stop before memory runs away. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

function guardLongLine(length: number, lineNo: number): void {
  if (length > MAX_LINE_BYTES) {
    throw new ParseError(`line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB without a line break (binary or corrupt input?)`, lineNo);
  }
}

/** Emit every line of `data`, which ends with `\n`. Returns the last line number. */
function emitLines(data: Buffer, lineNo: number, onLine: (text: string, lineNo: number) => void): number {
  // ASCII (nearly every input) is valid UTF-8 and decodes as latin1: a plain
  // copy into a one-byte string, several times faster than UTF-8 decoding.
  const ascii = isAscii(data);
  if (data.indexOf(0) !== -1 || (!ascii && !isUtf8(data))) return emitCheckedLines(data, lineNo, onLine);
  const text = ascii ? data.toString('latin1') : data.toString('utf8');
  let start = 0;
  const end = text.length;
  while (start < end) {
    const nl = text.indexOf('\n', start);
    let stop = nl;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    onLine(text.slice(start, stop), ++lineNo);
    start = nl + 1;
  }
  return lineNo;
}

/** The slow path: find which line holds the NUL byte or the invalid UTF-8, emitting the good lines before it. */
function emitCheckedLines(data: Buffer, lineNo: number, onLine: (text: string, lineNo: number) => void): number {
  let start = 0;
  while (start < data.length) {
    const nl = data.indexOf(0x0a, start);
    const line = data.subarray(start, nl);
    lineNo++;
    const nul = line.indexOf(0);
    if (nul !== -1) throw new ParseError(`NUL byte at byte ${nul + 1} of the line (is this a binary file?)`, lineNo);
    if (!isUtf8(line)) throw new ParseError(`invalid UTF-8 at byte ${firstInvalidUtf8(line) + 1} of the line (is the file in another encoding?)`, lineNo);
    let text = line.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    onLine(text, lineNo);
    start = nl + 1;
  }
  return lineNo;
}

function firstInvalidUtf8(line: Buffer): number {
  for (let i = 1; i <= line.length; i++) {
    if (!isUtf8(line.subarray(0, i))) {
      // A prefix can end mid-character and still be valid later: confirm the byte is bad, not just incomplete.
      let ok = false;
      for (let j = i + 1; j <= Math.min(line.length, i + 3); j++) if (isUtf8(line.subarray(0, j))) ok = true;
      if (!ok) return i - 1;
    }
  }
  return 0;
}
