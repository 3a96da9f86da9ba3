import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, readSync } from 'node:fs';
import { openForReading, readRegularFile } from '../util/safe-fs.js';
import { readPause } from '../act/pause.js';
import { planFile } from '../act/plan-files.js';
import type { Config } from '../config/load.js';
import type { PassSummary } from '../pass/summary.js';
import type { Workspace } from '../workspace.js';

/**
 * Whether a pass changed anything the day's report shows. The key is a hash
 * of the latest finished pass's facts, without its number or times:
 *
 * - which import's rows each source holds (a new file or command output is a
 *   new import; an unchanged one keeps the earlier import's rows), and
 *   whether its latest import failed;
 * - every view's row count and content hash at that pass;
 * - each action's numbers per cluster (budget, out, headroom, candidates,
 *   planned, executed, failed, reason) and the hosts in plan/<action>;
 * - every journal entry's outcome, exit code and note;
 * - the pass's status, mode, pause, refusals, errors, warnings and unknown
 *   outcomes, and runs/pause.json.
 *
 * A pass whose key equals the one in the report on disk "changed nothing":
 * the page would differ only by listing one more identical pass, so the pass
 * leaves it as it is. (Ages of inputs move on regardless; a source turning
 * stale fails inputs-fresh where an action checks it, which changes the key.)
 */
export const REPORT_KEY_META = 'breakfix-report-key';

/** The page a pass writes in its day's directory. */
export const REPORT_FILE = 'report.html';

export function reportKeyOf(db: Database, ws: Workspace, config: Config): string | null {
  const last = db.prepare(`SELECT id, execute, status, paused, summary FROM passes WHERE status <> 'running' ORDER BY id DESC LIMIT 1`).get() as
    | { id: number; execute: number; status: string; paused: string | null; summary: string | null }
    | undefined;
  if (last === undefined) return null;
  const h = createHash('sha256');
  const add = (label: string, value: unknown) => h.update(`${label}\t${JSON.stringify(value)}\n`);
  let s: PassSummary | null = null;
  try {
    s = last.summary === null ? null : (JSON.parse(last.summary) as PassSummary);
  } catch {
    s = null;
  }
  add('v', 1);
  add('pass', [last.execute, last.status, last.paused]);
  if (s !== null) add('summary', [s.errors, s.warnings, s.unknownOutcomes, s.actions.map((a) => [a.action, a.acted, a.refused, a.rejectedAtAct])]);
  for (const r of db
    .prepare(
      `SELECT source, status = 'failed' AS failed, data_import, error FROM imports i
       WHERE id = (SELECT max(id) FROM imports j WHERE j.source = i.source) ORDER BY source`,
    )
    .raw()
    .iterate()) {
    add('import', r);
  }
  for (const r of db.prepare(`SELECT view, rows, sha256 FROM view_history WHERE pass = ? ORDER BY view`).raw().iterate(last.id)) add('view', r);
  for (const r of db
    .prepare(`SELECT action, cluster, population, budget, out_count, headroom, candidates, planned, executed, failed, reason FROM action_history WHERE pass = ? ORDER BY action, cluster`)
    .raw()
    .iterate(last.id)) {
    add('action', r);
  }
  for (const a of config.actions) add('plan', [a.name, hashFile(planFile(ws.planDir, a.name))]);
  for (const r of db.prepare(`SELECT id, action, hostname, outcome, exit_code, note FROM journal ORDER BY id`).raw().iterate()) add('journal', r);
  add('pause', readPause(ws.pauseFile) ?? null);
  return h.digest('hex');
}

function hashFile(file: string): string | null {
  try {
    return createHash('sha256').update(readRegularFile(file)).digest('hex');
  } catch {
    return null;
  }
}

/** The key written in a report file's head, or null (no file, or none written). */
export function keyOfReportFile(file: string): string | null {
  let fd: number;
  try {
    fd = openForReading(file);
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = new RegExp(`<meta name="${REPORT_KEY_META}" content="([0-9a-f]{64})">`).exec(buf.subarray(0, n).toString('utf8'));
    return m?.[1] ?? null;
  } finally {
    closeSync(fd);
  }
}
