import { viewLines } from '../export/view-lines.js';
import { loadViews } from '../views/create-views.js';
import { openWorkspace, type Env } from '../config/env.js';
import { withReadOnlyDay } from './read-only-day.js';
import { resolveViewName } from '../views/resolve-view.js';
import { currentViewFiles } from './current-view-file.js';
import { columnsOf } from '../sources/source-tables.js';

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

export interface ViewContent {
  readonly day: string;
  readonly view: string;
  readonly columns: readonly string[];
  /** Text-table lines in bytewise order: what the exported file holds. */
  readonly lines: Iterable<string>;
}

/**
 * `breakfix query VIEW`: the view's rows, sorted as in its exported file,
 * computed now from the day's state.db (read-only, no lock) and the current
 * query files — or read from that exported file when the manifest shows it
 * is exactly that answer (current-view-file.ts). `use` consumes the rows while the database is open.
 */
export async function queryView<T>(env: Env, typed: string, use: (content: ViewContent) => T): Promise<T> {
  const { config, ws } = openWorkspace(env);
  // Name first: an unknown view is a usage error even on a day not imported yet.
  const name = resolveViewName(
    typed,
    loadViews(ws).map((v) => v.name),
  );
  return withReadOnlyDay(ws, config, { tolerateViewErrors: false }, (day) => {
    const def = day.views.find((v) => v.name === name)!;
    // The exported file when it is the view's current answer (the same lines, without computing the view).
    const file = currentViewFiles(day.state.raw, config, ws, day.views)(def);
    if (file !== undefined && sameColumns(file.columns, columnsOf(day.state.raw, def.sqlName))) {
      const text = file.bytes.toString('utf8');
      return use({ day: ws.day, view: name, columns: [...file.columns], lines: text === '' ? [] : text.slice(0, -1).split('\n') });
    }
    const { columns, lines } = viewLines(day.state.raw, def.sqlName);
    return use({ day: ws.day, view: name, columns, lines });
  });
}
