import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';

export interface Fingerprint {
  readonly sha256: string;
  readonly bytes: number;
  /** Modification time, epoch seconds. */
  readonly mtime: number;
}

/**
 * Hash a file by streaming it. The hash decides whether a source changed
 * since its last import (an unchanged source is not re-imported).
 */
export async function fingerprintFile(file: string): Promise<Fingerprint> {
  const st = await stat(file);
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
  return { sha256: hash.digest('hex'), bytes: st.size, mtime: Math.floor(st.mtimeMs / 1000) };
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
