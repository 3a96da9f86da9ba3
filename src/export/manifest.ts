import { compareBytewise } from '../util/bytewise.js';
import * as z from 'zod';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readRegularFile } from '../util/safe-fs.js';

/** One exported view in runs/DAY/manifest.json. */
export const manifestEntrySchema = z.object({
  file: z.string(),
  columns: z.array(z.string()),
  rows: z.number().int(),
  sha256: z.string(),
  bytes: z.number().int(),
  /** mtime of the file when written: a file changed or replaced since is rewritten. */
  mtime_ms: z.number(),
  pass: z.number().int().nullable(),
  sql: z.string(),
  sql_hash: z.string(),
  /** Hash of what the view was computed from (its SQL, its dependencies, the imports of the tables it reads). */
  inputs: z.string(),
  exported_at: z.string(),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export const manifestSchema = z.object({
  day: z.string(),
  views: z.record(z.string(), manifestEntrySchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The manifest of a day, or an empty one. A corrupt manifest (or a link or FIFO in its place) is treated as absent: every view is rewritten. */
export function readManifest(file: string, day: string): Manifest {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readRegularFile(file).toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // absent or unreadable
  }
  return { day, views: {} };
}

/** Write atomically (temp file + rename): the manifest always describes complete files. */
export function writeManifest(file: string, manifest: Manifest): void {
  const sorted: Manifest = {
    day: manifest.day,
    views: Object.fromEntries(Object.entries(manifest.views).sort(([a], [b]) => compareBytewise(a, b))),
  };
  writeFileAtomic(file, JSON.stringify(sorted, null, 2) + '\n');
}
