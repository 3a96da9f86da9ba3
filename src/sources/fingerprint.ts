import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';

export interface Fingerprint {
  readonly sha256: string;
  readonly bytes: number;
  /** Modification time, epoch seconds. */
  readonly mtime: number;
  /** What the file looked like when `sha256` was computed (see FileStat); record it with the import. */
  readonly stat: string;
  /** True when `sha256` was taken from `known` instead of reading the file. */
  readonly reused: boolean;
}

/**
 * A file's identity for the stat cache: size, modification and change times
 * (nanoseconds), inode and device, and when (real clock, ms) its hash was
 * computed. Any write changes the size or the times; a file replaced by
 * another (rename, cp) has another inode or change time; `touch -d` cannot
 * set the change time.
 */
interface FileStat {
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  readonly ino: string;
  readonly dev: string;
  readonly hashedAtMs: number;
}

/**
 * A file changed this soon before its hash was computed may have changed
 * again within the same timestamp tick afterwards (coarse file system clocks
 * round down by up to 2 s): such a hash is never reused. Git's "racily clean"
 * rule, with room to spare.
 */
const RACY_MS = 3000;

/**
 * Hash a file by streaming it. The hash decides whether a source changed
 * since its last import (an unchanged source is not re-imported).
 *
 * `known` is the stat and hash recorded by the previous import of the same
 * file: when the file is exactly as it was then, the hash is reused without
 * reading the file — at 1M hosts a repeat pass would otherwise read half a
 * gigabyte of unchanged inputs. `realNow` is the real clock (the pass clock
 * may be replayed), against which change times are compared.
 */
export async function fingerprintFile(
  file: string,
  known?: { readonly stat: string | null; readonly sha256: string | null } | undefined,
  realNow: () => number = Date.now,
): Promise<Fingerprint> {
  const st = await stat(file, { bigint: true });
  const now = statOf(st, 0);
  const mtime = Number(st.mtimeMs / 1000n);
  const bytes = Number(st.size);
  const previous = parseStat(known?.stat ?? null);
  if (known?.sha256 && previous !== undefined && sameFile(previous, now) && Number(st.ctimeMs) + RACY_MS < previous.hashedAtMs) {
    return { sha256: known.sha256, bytes, mtime, stat: known.stat!, reused: true };
  }
  const hashedAtMs = realNow();
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes, mtime, stat: JSON.stringify({ ...now, hashedAtMs }), reused: false };
}

function statOf(st: BigIntStats, hashedAtMs: number): FileStat {
  return { size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino), dev: String(st.dev), hashedAtMs };
}

function parseStat(text: string | null): FileStat | undefined {
  if (text === null) return undefined;
  try {
    const v = JSON.parse(text) as Partial<FileStat>;
    if (typeof v.hashedAtMs !== 'number' || [v.size, v.mtimeNs, v.ctimeNs, v.ino, v.dev].some((f) => typeof f !== 'string')) return undefined;
    return v as FileStat;
  } catch {
    return undefined;
  }
}

function sameFile(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
