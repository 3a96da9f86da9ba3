import { WorkspaceError } from '../errors.js';

/**
 * The format versions of the JSON files breakfix writes under runs/ and reads
 * back: runs/DAY/manifest.json and runs/DAY/plan/<action>.json (docs/design.md
 * "Versioned files"). Each file carries its version as `"format": N`.
 *
 * A reader accepts every version from 1 to the current one; a file written
 * before the field existed is version 1, the same shape. A version it does not
 * know — newer, or not a version at all — is refused, naming the file: an older
 * breakfix must not misread (or rewrite, and so downgrade) what a newer one
 * wrote. Bump a number only when the shape changes in a way an older reader
 * would misread, and teach the reader the old shape at the same time.
 */
export const ARTIFACT_FORMATS = {
  manifest: 1,
  plan: 1,
} as const;

export type Artifact = keyof typeof ARTIFACT_FORMATS;

const WHAT: Record<Artifact, string> = { manifest: 'manifest', plan: 'plan explanation' };

/**
 * The version of a parsed artifact (`json` is the whole parsed file), or a
 * WorkspaceError naming `file` when this breakfix cannot read that version.
 */
export function artifactFormat(file: string, artifact: Artifact, json: unknown): number {
  const current = ARTIFACT_FORMATS[artifact];
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('format' in json)) return 1;
  const format = (json as { format: unknown }).format;
  if (typeof format === 'number' && Number.isSafeInteger(format) && format >= 1) {
    if (format <= current) return format;
    throw new WorkspaceError(
      file,
      `${WHAT[artifact]} format ${format} is newer than this breakfix reads (format ${current}${current > 1 ? ' and older' : ''}): it was written by a newer breakfix; run that one`,
    );
  }
  throw new WorkspaceError(file, `unknown ${WHAT[artifact]} format ${JSON.stringify(format)} (this breakfix reads format ${current === 1 ? '1' : `1 to ${current}`})`);
}
