import { createHash } from 'node:crypto';
import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile } from '../../src/sources/fingerprint.js';
import { tempDir } from '../helpers/cli.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A file written now, and a "real clock" far enough after it that its hash is not racy. */
function fileWith(text: string): { file: string; later: () => number } {
  const file = join(tempDir('bf-fp-'), 'input');
  writeFileSync(file, text);
  const ctime = statSync(file).ctimeMs;
  return { file, later: () => ctime + 60_000 };
}

describe('fingerprintFile', () => {
  it('hashes the file, and reuses that hash for the file exactly as it was', async () => {
    const { file, later } = fileWith('dn1.x.com\n');
    const first = await fingerprintFile(file, undefined, later);
    expect(first).toMatchObject({ sha256: sha('dn1.x.com\n'), bytes: 10, reused: false });
    const again = await fingerprintFile(file, { stat: first.stat, sha256: first.sha256 }, later);
    expect(again).toMatchObject({ sha256: first.sha256, reused: true, stat: first.stat });
  });

  it('reads the file again when its content changed, even with the same size and a restored mtime', async () => {
    const { file, later } = fileWith('dn1.x.com\n');
    const first = await fingerprintFile(file, undefined, later);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'dn2.x.com\n');
    utimesSync(file, atime, mtime); // the change time still moves: touch -d cannot hide a write
    const again = await fingerprintFile(file, { stat: first.stat, sha256: first.sha256 }, () => statSync(file).ctimeMs + 60_000);
    expect(again).toMatchObject({ sha256: sha('dn2.x.com\n'), reused: false });
  });

  it('reads the file again when another file was renamed over it', async () => {
    const { file, later } = fileWith('dn1.x.com\n');
    const first = await fingerprintFile(file, undefined, later);
    writeFileSync(`${file}.new`, 'dn3.x.com\n');
    renameSync(`${file}.new`, file);
    const again = await fingerprintFile(file, { stat: first.stat, sha256: first.sha256 }, () => statSync(file).ctimeMs + 60_000);
    expect(again).toMatchObject({ sha256: sha('dn3.x.com\n'), reused: false });
  });

  it('never reuses a hash taken within seconds of the last change: the file may have changed again in the same clock tick', async () => {
    const { file } = fileWith('dn1.x.com\n');
    const racyClock = () => statSync(file).ctimeMs + 500;
    const first = await fingerprintFile(file, undefined, racyClock);
    const again = await fingerprintFile(file, { stat: first.stat, sha256: first.sha256 }, racyClock);
    expect(again.reused).toBe(false);
  });

  it('reads the file when what was recorded is missing or unreadable', async () => {
    const { file, later } = fileWith('x\n');
    expect((await fingerprintFile(file, { stat: null, sha256: sha('x\n') }, later)).reused).toBe(false);
    expect((await fingerprintFile(file, { stat: '{"size":', sha256: sha('x\n') }, later)).reused).toBe(false);
  });
});
