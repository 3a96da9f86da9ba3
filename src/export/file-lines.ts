import { closeSync, readSync } from 'node:fs';
import { openForReading } from '../util/safe-fs.js';

/**
 * The lines of a text file, pulled one at a time with a fixed-size buffer:
 * two of these can be merged side by side (`breakfix diff`) without either
 * file being read whole. `\n` ends a line; a last line without one is still
 * a line; an empty line is the empty string (a one-column row holding '').
 *
 * Given an open descriptor instead of a path, it reads that from its start
 * and leaves it open: reading a file twice through one descriptor reads the
 * same file both times, even if a pass renames a new one over the path in
 * between (`breakfix diff` counts, then lists, the rows of one file).
 */
export function* fileLines(file: string | number, chunkBytes = 1 << 20): Generator<string> {
  const owned = typeof file === 'string';
  const fd = owned ? openForReading(file) : file;
  let position = 0;
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    // Bytes of an unfinished line: kept as bytes, since a read may end inside a UTF-8 character.
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, position);
      if (n === 0) break;
      position += n;
      let chunk = buf.subarray(0, n);
      let start = 0;
      let nl = chunk.indexOf(0x0a, start);
      if (nl === -1) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      if (carry.length > 0) {
        chunk = Buffer.concat([carry, chunk]);
        nl += carry.length;
        carry = Buffer.alloc(0);
      }
      while (nl !== -1) {
        yield chunk.toString('utf8', start, nl);
        start = nl + 1;
        nl = chunk.indexOf(0x0a, start);
      }
      // Copy the tail: `buf` is reused by the next read.
      carry = Buffer.from(chunk.subarray(start));
    }
    if (carry.length > 0) yield carry.toString('utf8');
  } finally {
    if (owned) closeSync(fd);
  }
}
