import { Journal, type JournalEntry } from '../act/journal.js';
import { whoAmI } from '../act/pause.js';
import { openStateDbReadOnly } from '../db/open.js';
import { UsageError } from '../errors.js';
import { normalizeHost } from '../hosts/hostname.js';
import { openWorkspace, type Env } from './env.js';
import { withLockedState } from './locked-state.js';

/** `breakfix journal`: the day's action journal (read-only). */
export async function readJournal(env: Env): Promise<{ day: string; entries: JournalEntry[] }> {
  const { ws } = openWorkspace(env);
  const state = openStateDbReadOnly(ws.dbFile);
  try {
    return { day: ws.day, entries: new Journal(state.raw).all() };
  } finally {
    await state.close();
  }
}

/**
 * `breakfix clear HOST [--action A]`: an operator declares a host's journal
 * entries resolved (after checking what an interrupted command did), so the
 * host no longer counts as out and may be planned again.
 */
export async function clearHost(env: Env, host: string, action: string | undefined): Promise<{ day: string; hostname: string; cleared: number }> {
  let hostname = host;
  return withLockedState(
    env,
    `breakfix clear ${host}`,
    ({ config, ws, state }) => {
      const journal = new Journal(state.raw);
      // Entries name a host as it was normalised when they were written; planning reads them through
      // today's hosts: options, and so does this, so every entry planning counts for the host is cleared.
      const spellings = new Set([hostname]);
      for (const e of journal.all()) {
        const h = normalizeHost(e.hostname, config.hosts);
        if (h.ok && h.hostname === hostname) spellings.add(e.hostname);
      }
      let cleared = 0;
      for (const spelling of spellings) cleared += journal.clear(spelling, action, whoAmI(), env.clock().getTime());
      return { day: ws.day, hostname, cleared };
    },
    (config) => {
      const h = normalizeHost(host, config.hosts);
      if (!h.ok) throw new UsageError(h.problem);
      hostname = h.hostname;
    },
  );
}
