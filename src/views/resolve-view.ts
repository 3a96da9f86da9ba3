import { UsageError } from '../errors.js';
import { nearNames } from '../util/near-names.js';

/**
 * A view as the user typed it — `hdfs-dead`, `hdfs_dead` or `HDFS-DEAD` — to
 * its file name. Unknown: a usage error listing the near names.
 */
export function resolveViewName(typed: string, known: readonly string[]): string {
  const name = typed.trim().toLowerCase().replaceAll('_', '-');
  if (known.includes(name)) return name;
  const near = nearNames(name, known);
  throw new UsageError(
    `unknown view "${typed}"` +
      (near.length > 0 ? `; did you mean ${near.join(', ')}?` : '') +
      ` (${known.length} view${known.length === 1 ? '' : 's'}: "breakfix views" lists them)`,
  );
}
