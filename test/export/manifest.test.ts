import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest, writeManifest, type Manifest } from '../../src/export/manifest.js';
import { tempDir } from '../helpers/cli.js';

const ENTRY = {
  file: 'hdfs-dead',
  columns: ['hostname', 'cluster'],
  rows: 2,
  sha256: 'ab'.repeat(32),
  bytes: 40,
  mtime_ms: 1_795_219_550_000,
  pass: 3,
  sql: 'SELECT 1',
  sql_hash: 'cd'.repeat(32),
  inputs: 'ef'.repeat(32),
  exported_at: '2026-11-23T00:00:00.000Z',
};
const MANIFEST: Manifest = { day: '2026-11-23', views: { zeta: { ...ENTRY, file: 'zeta' }, 'hdfs-dead': ENTRY } };

describe('manifest.json', () => {
  it('is written with its format first and views in bytewise order, and read back', () => {
    const file = join(tempDir('bf-manifest-'), 'manifest.json');
    writeManifest(file, MANIFEST);
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['format', 'day', 'views']);
    expect(json['format']).toBe(1);
    expect(Object.keys(json['views'] as object)).toEqual(['hdfs-dead', 'zeta']);
    expect(readManifest(file, '2026-11-23')).toEqual(MANIFEST);
  });

  it('one written before versioning (no format) reads as format 1, entries intact', () => {
    const file = join(tempDir('bf-manifest-'), 'manifest.json');
    writeFileSync(file, JSON.stringify(MANIFEST));
    expect(readManifest(file, '2026-11-23')).toEqual(MANIFEST);
  });

  it('one of a newer format is refused, not treated as absent (which would rewrite it in the older format)', () => {
    const file = join(tempDir('bf-manifest-'), 'manifest.json');
    writeFileSync(file, JSON.stringify({ format: 2, ...MANIFEST }));
    expect(() => readManifest(file, '2026-11-23')).toThrow(
      `${file}: manifest format 2 is newer than this breakfix reads (format 1): it was written by a newer breakfix; run that one`,
    );
  });

  it('an absent or corrupt one is empty: every view gets rewritten', () => {
    const dir = tempDir('bf-manifest-');
    expect(readManifest(join(dir, 'none.json'), '2026-11-23')).toEqual({ day: '2026-11-23', views: {} });
    writeFileSync(join(dir, 'half.json'), '{"format": 1, "day": "2026-');
    expect(readManifest(join(dir, 'half.json'), '2026-11-23')).toEqual({ day: '2026-11-23', views: {} });
    writeFileSync(join(dir, 'shape.json'), JSON.stringify({ format: 1, day: '2026-11-23', views: { v: { file: 3 } } }));
    expect(readManifest(join(dir, 'shape.json'), '2026-11-23')).toEqual({ day: '2026-11-23', views: {} });
  });
});
