import { compareBytewise } from '../util/bytewise.js';
import * as z from 'zod';
import { ARTIFACT_FORMATS, artifactFormat } from '../util/artifact-format.js';
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

/**
 * The manifest of a day, or an empty one. A corrupt manifest (or a link or
 * FIFO in its place) is treated as absent: every view is rewritten. A
 * manifest of a format this breakfix does not know (written by a newer one)
 * is refused with a WorkspaceError naming it, never treated as absent: that
 * would rewrite it in the older format.
 */
export function readManifest(file: string, day: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(readRegularFile(file).toString('utf8'));
  } catch {
    return { day, views: {} }; // absent or unreadable
  }
  artifactFormat(file, 'manifest', json);
  const parsed = manifestSchema.safeParse(json);
  return parsed.success ? parsed.data : { day, views: {} };
}

/** Write atomically (temp file + rename): the manifest always describes complete files. */
export function writeManifest(file: string, manifest: Manifest): void {
  const sorted = {
    format: ARTIFACT_FORMATS.manifest,
    day: manifest.day,
    views: Object.fromEntries(Object.entries(manifest.views).sort(([a], [b]) => compareBytewise(a, b))),
  };
  writeFileAtomic(file, JSON.stringify(sorted, null, 2) + '\n');
}
