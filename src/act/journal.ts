import type { Database } from 'better-sqlite3';
import type { JournalOutcome } from '../db/schema.js';

/** A journal entry as the acting code needs it. */
export interface JournalEntry {
  readonly id: number;
  readonly pass: number | null;
  readonly action: string;
  readonly hostname: string;
  readonly cluster: string;
  readonly host_group: string | null;
  readonly pid: number | null;
  readonly command: string | null;
  readonly started_ms: number;
  readonly finished_ms: number | null;
  readonly exit_code: number | null;
  readonly outcome: JournalOutcome;
  readonly note: string | null;
  readonly carried_from: string | null;
}

/**
 * The action journal in the day's state.db. Each host's action is written
 * BEFORE its command starts (outcome 'running') and updated after it ends.
 * Each write is its own committed transaction (WAL, synchronous=NORMAL): a
 * kill -9 at any moment leaves either no entry (the command never started) or
 * a 'running' one, which the next process turns into 'unknown'.
 */
export class Journal {
  constructor(private readonly db: Database) {}

  /** Record that a host's action is about to start. Returns the entry id. */
  start(e: { pass: number | null; action: string; hostname: string; cluster: string; group: string | null; command: readonly string[]; now: number }): number {
    const info = this.db
      .prepare(
        `INSERT INTO journal (pass, action, hostname, cluster, host_group, pid, command, started_ms, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
      )
      .run(e.pass, e.action, e.hostname, e.cluster, e.group, process.pid, JSON.stringify(e.command), e.now);
    return Number(info.lastInsertRowid);
  }

  finish(id: number, outcome: 'done' | 'failed' | 'timeout', exitCode: number | null, now: number, note: string | null): void {
    this.db.prepare(`UPDATE journal SET outcome = ?, exit_code = ?, finished_ms = ?, note = ? WHERE id = ? AND outcome = 'running'`).run(outcome, exitCode, now, note, id);
  }

  /**
   * Entries left 'running' by a process that is gone become 'unknown': the
   * command may or may not have done its work. Only called under the
   * workspace lock, so no live process owns a 'running' entry.
   */
  markAbandoned(now: number): JournalEntry[] {
    const abandoned = this.db.prepare(`SELECT * FROM journal WHERE outcome = 'running'`).all() as JournalEntry[];
    const update = this.db.prepare(
      `UPDATE journal SET outcome = 'unknown', note = ? WHERE id = ?`,
    );
    this.db.transaction(() => {
      for (const e of abandoned) {
        update.run(`process ${e.pid ?? '?'} died while the command ran (found at ${new Date(now).toISOString()}); once checked, clear with "breakfix clear ${e.hostname} --reason ..."`, e.id);
      }
    })();
    return abandoned.map((e) => ({ ...e, outcome: 'unknown' as const }));
  }

  /** Entries whose outcome is unknown and not cleared: those hosts count as out for every action. */
  unknown(): JournalEntry[] {
    return this.db.prepare(`SELECT * FROM journal WHERE outcome IN ('unknown', 'running') ORDER BY id`).all() as JournalEntry[];
  }

  /** Every entry of today for an action that was not cleared: those hosts count as out for that action all day. */
  actedToday(action: string): JournalEntry[] {
    return this.db.prepare(`SELECT * FROM journal WHERE action = ? AND outcome <> 'cleared' ORDER BY id`).all(action) as JournalEntry[];
  }

  all(): JournalEntry[] {
    return this.db.prepare(`SELECT * FROM journal ORDER BY id`).all() as JournalEntry[];
  }

  /**
   * An operator's decision that a host's entries are resolved (`breakfix
   * clear`): its unknown and running entries become 'cleared' (with `force`,
   * its settled ones too: done, failed, timeout). Returns the entries it
   * cleared, as they were, and the settled ones it kept.
   */
  clear(hostname: string, action: string | undefined, opts: { force: boolean; note: string }): { cleared: JournalEntry[]; kept: JournalEntry[] } {
    const entries = this.db
      .prepare(`SELECT * FROM journal WHERE hostname = ? AND (? IS NULL OR action = ?) AND outcome <> 'cleared' ORDER BY id`)
      .all(hostname, action ?? null, action ?? null) as JournalEntry[];
    const unresolved = (e: JournalEntry) => e.outcome === 'unknown' || e.outcome === 'running';
    const cleared = entries.filter((e) => opts.force || unresolved(e));
    const kept = entries.filter((e) => !cleared.includes(e));
    const update = this.db.prepare(`UPDATE journal SET outcome = 'cleared', note = coalesce(note || '; ', '') || ? WHERE id = ? AND outcome = ?`);
    this.db.transaction(() => {
      for (const e of cleared) update.run(`${e.outcome}, ${opts.note}`, e.id, e.outcome);
    })();
    return { cleared, kept };
  }

  /**
   * Unknown outcomes do not expire at midnight: copy the previous day's
   * unresolved entries into today's journal (once), so the hosts stay out
   * and are not acted on again until an operator clears them. Returns how
   * many were carried (0 when they were already).
   */
  carryOver(from: { day: string; unresolved: readonly JournalEntry[] } | undefined, today: string): number {
    if (from === undefined) return 0;
    const marker = `journal_carried_from`;
    const done = this.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(marker) as { value: string } | undefined;
    if (done !== undefined) return 0;
    const insert = this.db.prepare(
      `INSERT INTO journal (pass, action, hostname, cluster, host_group, pid, command, started_ms, finished_ms, exit_code, outcome, note, carried_from)
       VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 'unknown', ?, ?)`,
    );
    this.db.transaction(() => {
      for (const e of from.unresolved) {
        insert.run(e.action, e.hostname, e.cluster, e.host_group, e.pid, e.command, e.started_ms, e.note ?? `outcome unknown since ${from.day}`, e.carried_from ?? from.day);
      }
      this.db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`).run(marker, `${from.day} -> ${today}`);
    })();
    return from.unresolved.length;
  }
}
