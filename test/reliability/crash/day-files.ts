import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempNamePid } from '../../../src/util/atomic-write.js';

/** Files of a day directory that are not exported views. */
const NOT_VIEWS = new Set(['state.db', 'state.db-wal', 'state.db-shm', 'state.db-journal', 'transcript.log', 'manifest.json']);

/**
 * A temporary file some writer left: the one form breakfix writes
 * (`.NAME.tmp-PID-RANDOM`, files and the external sort's directories), and the
 * forms it wrote before there was one (`.view.tmp-PID`, `drain.hosts.tmp`,
 * `source.partial`), so that a writer still using one is caught too.
 */
export const isTempFile = (name: string): boolean => tempNamePid(name) !== undefined || /\.tmp(-\d+)?$|\.partial$|^\.sort-/.test(name);

/** sha256 of every exported view file of a day: name → hash. */
export function viewFileHashes(dayDir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dayDir)) return out;
  for (const name of readdirSync(dayDir).sort()) {
    if (NOT_VIEWS.has(name) || name.startsWith('.') || isTempFile(name)) continue;
    const file = join(dayDir, name);
    if (!statSync(file).isFile()) continue;
    out.set(name, createHash('sha256').update(readFileSync(file)).digest('hex'));
  }
  return out;
}

/** Temporary files under a day directory (plan/ included). */
export function tempFilesUnder(dayDir: string): string[] {
  if (!existsSync(dayDir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dayDir)) {
    const p = join(dayDir, name);
    if (isTempFile(name)) out.push(name);
    else if (statSync(p).isDirectory()) out.push(...tempFilesUnder(p).map((f) => join(name, f)));
  }
  return out.sort();
}

/** JSON files a reader relies on (manifest.json, plan/*.json) that do not parse: a partial write. */
export function unparsableJson(dayDir: string): string[] {
  const files = [join(dayDir, 'manifest.json'), ...(existsSync(join(dayDir, 'plan')) ? readdirSync(join(dayDir, 'plan')).filter((n) => n.endsWith('.json')).map((n) => join(dayDir, 'plan', n)) : [])];
  const bad: string[] = [];
  for (const f of files.filter((x) => existsSync(x))) {
    try {
      JSON.parse(readFileSync(f, 'utf8'));
    } catch {
      bad.push(f);
    }
  }
  return bad;
}

/**
 * `PRAGMA integrity_check` of every day's state.db under runs/. Opened
 * read-write, as the next command would: a hot rollback journal or a WAL is
 * recovered first, which is what the check is about.
 */
export function integrityProblems(ws: string): string[] {
  const runs = join(ws, 'runs');
  const problems: string[] = [];
  for (const day of existsSync(runs) ? readdirSync(runs).filter((d) => /^\d{4}-\d\d-\d\d$/.test(d)) : []) {
    const file = join(runs, day, 'state.db');
    if (!existsSync(file)) continue;
    const db = new Database(file);
    try {
      db.pragma('busy_timeout = 10000');
      const result = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
      if (result.length !== 1 || result[0] !== 'ok') problems.push(`${file}: integrity_check: ${result.join('; ')}`);
    } finally {
      db.close();
    }
  }
  return problems;
}

/** The summary JSON a finished pass stored. */
export function passSummary(dayDir: string, pass: number): unknown {
  const db = new Database(join(dayDir, 'state.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT summary FROM passes WHERE id = ?').get(pass) as { summary: string | null } | undefined;
    return row?.summary ? JSON.parse(row.summary) : undefined;
  } finally {
    db.close();
  }
}
