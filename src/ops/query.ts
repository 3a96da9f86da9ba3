import { viewLines } from '../export/view-lines.js';
import { loadViews } from '../views/create-views.js';
import { openWorkspace, type Env } from '../config/env.js';
import { withReadOnlyDay } from './read-only-day.js';
import { resolveViewName } from '../views/resolve-view.js';

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
 * query files. `use` consumes the rows while the database is open.
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
    const { columns, lines } = viewLines(day.state.raw, def.sqlName);
    return use({ day: ws.day, view: name, columns, lines });
  });
}
