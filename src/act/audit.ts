import type { Database } from 'better-sqlite3';
import { UsageError } from '../errors.js';
import type { Identity } from './identity.js';

export type AuditCommand = 'clear' | 'pause' | 'resume' | 'accept-history';

/** One operator decision as stored in the day's `operator_audit` table. */
export interface AuditRecord {
  readonly id: number;
  readonly at_ms: number;
  readonly command: AuditCommand;
  readonly subject: string | null;
  readonly detail: string | null;
  readonly reason: string;
  readonly user: string;
  readonly uid: number | null;
  readonly sudo_user: string | null;
  readonly host: string;
  readonly pid: number;
}

/** A decision must say why: a blank --reason is a usage error naming the command. */
export function requireReason(command: string, reason: string | undefined): string {
  const r = (reason ?? '').trim();
  if (r === '') throw new UsageError(`${command}: --reason must say why (it is kept in the audit record with who and when)`);
  return r;
}

/** Record an operator's decision (its own committed transaction). Returns its id. */
export function recordAudit(
  db: Database,
  e: { command: AuditCommand; subject: string | null; detail: string | null; reason: string; who: Identity; atMs: number },
): number {
  const info = db
    .prepare(
      `INSERT INTO operator_audit (at_ms, command, subject, detail, reason, user, uid, sudo_user, host, pid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(e.atMs, e.command, e.subject, e.detail, e.reason, e.who.user, e.who.uid, e.who.sudoUser, e.who.host, process.pid);
  return Number(info.lastInsertRowid);
}

/**
 * Every decision of the day, oldest first. A day whose database predates the
 * audit (migration 0006), read without migrating it, has none.
 */
export function auditRecords(db: Database): AuditRecord[] {
  if (db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'operator_audit'`).get() === undefined) return [];
  return db.prepare(`SELECT * FROM operator_audit ORDER BY id`).all() as AuditRecord[];
}

/** The days whose unreadable state an operator accepted acting without (`accept-history`), with the record. */
export function acceptedHistory(db: Database): Map<string, AuditRecord> {
  const rows = db.prepare(`SELECT * FROM operator_audit WHERE command = 'accept-history' ORDER BY id`).all() as AuditRecord[];
  return new Map(rows.map((r) => [r.subject ?? '', r]));
}
