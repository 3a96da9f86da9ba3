import { recordAudit, requireReason, auditRecords, type AuditRecord } from '../act/audit.js';
import { describeIdentity, whoIsRunning } from '../act/identity.js';
import { Journal, type JournalEntry } from '../act/journal.js';
import { openStateDbReadOnly } from '../db/open.js';
import { UsageError } from '../errors.js';
import { normalizeHost } from '../hosts/hostname.js';
import { Transcript } from '../util/transcript.js';
import { openWorkspace, type Env } from '../config/env.js';
import { withLockedState } from './locked-state.js';
import { enterDayForReading } from '../workspace-dirs.js';

/** `breakfix journal`: the day's action journal and its operator decisions (read-only). */
export async function readJournal(env: Env): Promise<{ day: string; entries: JournalEntry[]; audit: AuditRecord[] }> {
  const { ws } = openWorkspace(env);
  enterDayForReading(ws);
  const state = openStateDbReadOnly(ws.dbFile);
  try {
    return { day: ws.day, entries: new Journal(state.raw).all(), audit: auditRecords(state.raw) };
  } finally {
    await state.close();
  }
}

export interface ClearResult {
  readonly day: string;
  readonly hostname: string;
  /** The entries cleared, as they were before. */
  readonly cleared: JournalEntry[];
  /** Settled entries (done, failed, timeout) left as they were, without --force. */
  readonly kept: JournalEntry[];
  /** The operator_audit record, when something was cleared. */
  readonly auditId: number | null;
}

const entryList = (entries: readonly JournalEntry[]) => entries.map((e) => `#${e.id} ${e.action} ${e.outcome}`).join(', ');

/**
 * `breakfix clear HOST --reason "..." [--action A] [--force]`: an operator
 * declares a host's unknown outcomes resolved (after checking what an
 * interrupted command did), so the host no longer counts as out and may be
 * planned again. Settled entries (done, failed, timeout) keep counting the
 * host as out for the rest of the day; only --force clears those. Every
 * clear is recorded with who (the OS account and uid), when and why.
 */
export async function clearHost(env: Env, host: string, opts: { action: string | undefined; reason: string; force: boolean }): Promise<ClearResult> {
  let hostname = host;
  const reason = requireReason('clear', opts.reason);
  return withLockedState(
    env,
    `breakfix clear ${host}`,
    ({ config, ws, state }) => {
      const who = whoIsRunning();
      const now = env.clock();
      const note = `cleared by ${describeIdentity(who)} at ${now.toISOString()}${opts.force ? ' (--force)' : ''}: ${reason}`;
      const journal = new Journal(state.raw);
      // The entries and their audit record are one transaction: no clear without its record.
      // Entries name a host as it was normalised when they were written; planning reads them through
      // today's hosts: options, and so does this, so every entry planning counts for the host is cleared.
      const spellings = new Set([hostname]);
      for (const e of journal.all()) {
        const h = normalizeHost(e.hostname, config.hosts);
        if (h.ok && h.hostname === hostname) spellings.add(e.hostname);
      }
      const { cleared, kept, auditId } = state.raw.transaction(() => {
        const r = { cleared: [] as JournalEntry[], kept: [] as JournalEntry[] };
        for (const spelling of spellings) {
          const one = journal.clear(spelling, opts.action, { force: opts.force, note });
          r.cleared.push(...one.cleared);
          r.kept.push(...one.kept);
        }
        r.cleared.sort((a, b) => a.id - b.id);
        r.kept.sort((a, b) => a.id - b.id);
        const id =
          r.cleared.length === 0
            ? null
            : recordAudit(state.raw, { command: 'clear', subject: hostname, detail: `cleared ${entryList(r.cleared)}${opts.force ? ' (--force)' : ''}`, reason, who, atMs: now.getTime() });
        return { ...r, auditId: id };
      })();
      if (cleared.length === 0 && kept.length > 0) {
        throw new UsageError(
          `clear: ${hostname} has no unknown or running journal entries on ${ws.day}, only settled ones (${entryList(kept)}): nothing cleared. ` +
            `A settled entry keeps the host counted as out for the rest of the day; add --force to clear it anyway.`,
        );
      }
      if (cleared.length > 0) {
        new Transcript(ws.transcriptFile, env.clock).write('audit', `clear ${hostname} by ${describeIdentity(who)}${opts.force ? ' (--force)' : ''}: ${reason}; cleared ${entryList(cleared)} (audit #${auditId})`);
      }
      return { day: ws.day, hostname, cleared, kept, auditId };
    },
    (config) => {
      const h = normalizeHost(host, config.hosts);
      if (!h.ok) throw new UsageError(h.problem);
      hostname = h.hostname;
    },
  );
}
