import { closeSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { compareBytewise } from '../util/bytewise.js';
import { countDifferences, differences, UnsortedInput, type MergedLine } from '../util/comm.js';
import { openForReading } from '../util/safe-fs.js';
import { resolveViewName } from '../views/resolve-view.js';
import { LAYOUT, type Workspace } from '../workspace.js';
import { enterDayForReading } from '../workspace-dirs.js';
import { fileLines } from './file-lines.js';
import { readManifest, type Manifest, type ManifestEntry } from './manifest.js';

export type ViewDiffStatus = 'changed' | 'unchanged' | 'only-from' | 'only-to';

export interface ViewDiff {
  readonly view: string;
  readonly status: ViewDiffStatus;
  readonly from_rows: number | null;
  readonly to_rows: number | null;
  /** Rows only in the "from" file / only in the "to" file; null when the view is on one side only. */
  readonly removed: number | null;
  readonly added: number | null;
  /** The view's SQL (manifest sql_hash) differs between the days: a difference may be the new definition, not the fleet. */
  readonly sql_changed: boolean;
  readonly columns_changed: boolean;
  readonly from_file: string | null;
  readonly to_file: string | null;
}

export interface DiffOutcome {
  readonly from: string;
  readonly to: string;
  readonly views: readonly ViewDiff[];
  /** True when any view differs or is on one side only (`--exit-code` exits 1). */
  readonly differ: boolean;
  readonly warnings: readonly string[];
  /** The differing lines of a changed view, streamed again from both files (`-` removed, `+` added). */
  lines(view: string): Generator<MergedLine & { sign: '-' | '+' }>;
  /** Close the compared files (held open so that `lines` reads what was counted). */
  close(): void;
}

/**
 * Per view, the rows removed and added between two days' exported files —
 * `comm -3` on the two sorted files, streamed so neither file is read whole.
 * `names` as the user typed them (all views when empty). Reads files only.
 */
export function diffViews(ws: Workspace, names: readonly string[], from: string, to: string): DiffOutcome {
  enterDayForReading(ws, from);
  enterDayForReading(ws, to);
  const fromManifest = manifestOf(ws, from);
  const toManifest = manifestOf(ws, to);

  const known = [...new Set([...Object.keys(fromManifest.views), ...Object.keys(toManifest.views)])].sort(compareBytewise);
  const selected = names.length === 0 ? known : [...new Set(names.map((n) => resolveViewName(n, known)))].sort(compareBytewise);
  const warnings: string[] = [];
  const present = (day: string, m: Manifest, view: string): ManifestEntry | undefined => {
    const entry = m.views[view];
    if (entry === undefined) return undefined;
    if (!existsSync(ws.viewFile(entry.file, day))) {
      warnings.push(`${view}: ${relative(ws.dir, ws.viewFile(entry.file, day))} is in the manifest but the file is gone (deleted?): treated as absent on ${day}`);
      return undefined;
    }
    return entry;
  };

  // Each compared file is opened once and read through that descriptor, for the counts and again for
  // `lines`: a pass exporting meanwhile renames a new file over the path, and the rows listed must be
  // the rows counted (reopening the path could count one generation and list the next).
  const opened = new Map<string, number>();
  const fdOf = (file: string) => opened.get(file) ?? opened.set(file, openForReading(file)).get(file)!;
  const closeAll = () => {
    for (const fd of opened.values()) closeSync(fd);
    opened.clear();
  };
  let views: ViewDiff[];
  try {
    views = selected.map((view): ViewDiff => {
      const a = present(from, fromManifest, view);
      const b = present(to, toManifest, view);
      const fromFile = a ? ws.viewFile(a.file, from) : null;
      const toFile = b ? ws.viewFile(b.file, to) : null;
      const base = { view, from_file: fromFile, to_file: toFile };
      if (a === undefined || b === undefined) {
        return {
          ...base,
          status: a === undefined ? 'only-to' : 'only-from',
          from_rows: a?.rows ?? null,
          to_rows: b?.rows ?? null,
          removed: null,
          added: null,
          sql_changed: false,
          columns_changed: false,
        };
      }
      const sqlChanged = a.sql_hash !== b.sql_hash;
      const columnsChanged = a.columns.join('\t') !== b.columns.join('\t');
      if (sqlChanged) {
        warnings.push(`${view}: the view's SQL changed between ${from} and ${to}: a difference may be the new definition, not a change in the fleet`);
      }
      if (columnsChanged) warnings.push(`${view}: columns changed from (${a.columns.join(', ')}) to (${b.columns.join(', ')}): every row differs`);
      const c = streamed(ws, view, fromFile!, toFile!, () => countDifferences(fileLines(fdOf(fromFile!)), fileLines(fdOf(toFile!))));
      return {
        ...base,
        status: c.removed + c.added > 0 ? 'changed' : 'unchanged',
        from_rows: c.fromRows,
        to_rows: c.toRows,
        removed: c.removed,
        added: c.added,
        sql_changed: sqlChanged,
        columns_changed: columnsChanged,
      };
    });
  } catch (err) {
    closeAll();
    throw err;
  }

  const byView = new Map(views.map((v) => [v.view, v]));
  return {
    from,
    to,
    views,
    differ: views.some((v) => v.status !== 'unchanged'),
    warnings,
    *lines(view: string) {
      const v = byView.get(view);
      if (v === undefined || v.from_file === null || v.to_file === null) return;
      const gen = differences(fileLines(fdOf(v.from_file)), fileLines(fdOf(v.to_file)));
      // Re-wrap so an unsorted file is reported the same way as when counting.
      for (;;) {
        const next = streamed(ws, view, v.from_file, v.to_file, () => gen.next());
        if (next.done) return;
        yield next.value;
      }
    },
    close: closeAll,
  };
}

/** A day's manifest; a day without one is a usage error naming the days that have exports. */
function manifestOf(ws: Workspace, day: string): Manifest {
  const file = ws.withDay(day).manifestFile;
  if (!existsSync(file)) {
    const withExports = ws.days().filter((d) => existsSync(ws.withDay(d).manifestFile));
    throw new UsageError(
      `${relative(ws.dir, ws.dayDirOf(day)) || '.'}: no exported views on ${day} (no ${LAYOUT.manifest}); ` +
        (withExports.length > 0 ? `days with exports: ${withExports.join(', ')} (pick them with --from/--to)` : 'no day has exports yet (run "breakfix export")'),
    );
  }
  return readManifest(file, day);
}

function streamed<T>(ws: Workspace, view: string, fromFile: string, toFile: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UnsortedInput) {
      const file = err.side === 'from' ? fromFile : toFile;
      throw new InputError(
        { file: relative(ws.dir, file) || file, line: err.lineNo },
        `${view}: not in bytewise order (edited by hand?): comparing it would be wrong; run "breakfix export --force ${view}" on that day`,
      );
    }
    throw err;
  }
}
