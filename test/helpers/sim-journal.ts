import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readActionLog, simPaths } from '../../src/sim/sim-store.js';

/**
 * "No journal entry's action ran twice", checked against the world: the
 * simulator records who invoked each action (BREAKFIX_DAY, _PASS, _ACTION,
 * which breakfix gives its commands), so every journal entry can be matched
 * with the simulator records it caused. Used by the end-to-end runs and by
 * crash injection.
 */

export interface JournalEntry {
  readonly day: string;
  readonly id: number;
  readonly pass: number | null;
  readonly action: string;
  readonly hostname: string;
  readonly outcome: string;
  readonly exit_code: number | null;
  readonly note: string | null;
}

/** Every day's own journal entries (not those carried over from an earlier day: they count on their first day). */
export function journalEntries(ws: string): JournalEntry[] {
  const runs = join(ws, 'runs');
  const out: JournalEntry[] = [];
  for (const day of existsSync(runs) ? readdirSync(runs).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d)).sort() : []) {
    const file = join(runs, day, 'state.db');
    if (!existsSync(file)) continue;
    const db = new Database(file, { readonly: true });
    try {
      db.pragma('busy_timeout = 10000');
      const rows = db.prepare('SELECT id, pass, action, hostname, outcome, exit_code, note FROM journal WHERE carried_from IS NULL ORDER BY id').all() as Omit<JournalEntry, 'day'>[];
      for (const r of rows) out.push({ day, ...r });
    } finally {
      db.close();
    }
  }
  return out;
}

/** The key of a journal entry, and of the simulator records its command made. */
export const entryKey = (day: string | null, pass: number | string | null, action: string | null, host: string) => `${day}|${pass}|${action}|${host}`;

/** How many simulator records each journal entry's command made (records a breakfix command invoked). */
export function simRecordsPerEntry(ws: string): Map<string, number> {
  const count = new Map<string, number>();
  for (const r of readActionLog(simPaths(ws))) {
    if (r.invoker === null) continue;
    const key = entryKey(r.invoker.day, r.invoker.pass, r.action, r.host);
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return count;
}
