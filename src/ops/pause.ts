import { recordAudit, requireReason, type AuditCommand } from '../act/audit.js';
import { describeIdentity, whoIsRunning, type Identity } from '../act/identity.js';
import { describePause, liftPause, pause, readPause, type PauseState } from '../act/pause.js';
import { openStateDb } from '../db/open.js';
import { Transcript } from '../util/transcript.js';
import { dayIn } from '../workspace.js';
import { openWorkspace, type Env } from '../config/env.js';

/**
 * How long pause and resume wait for a pass's write transaction (a large
 * import) before giving up on writing their audit record. They take no
 * workspace lock: pausing must work while a pass runs.
 */
const AUDIT_BUSY_MS = 120_000;

/**
 * Record a pause or resume in today's database (`operator_audit`) and
 * transcript. Without the workspace lock: the database serialises the write
 * with a running pass's.
 */
async function recordWorkspaceDecision(env: Env, e: { command: AuditCommand; detail: string; reason: string; who: Identity }): Promise<number> {
  const { config, ws } = openWorkspace({ ...env, daySpec: undefined });
  const now = env.clock();
  const today = ws.withDay(dayIn(config.timezone, now));
  const state = await openStateDb(today.dbFile);
  try {
    state.raw.pragma(`busy_timeout = ${AUDIT_BUSY_MS}`);
    const id = recordAudit(state.raw, { command: e.command, subject: null, detail: e.detail, reason: e.reason, who: e.who, atMs: now.getTime() });
    new Transcript(today.transcriptFile, env.clock).write('audit', `${e.command} by ${describeIdentity(e.who)}: ${e.reason}; ${e.detail} (audit #${id})`);
    return id;
  } finally {
    await state.close();
  }
}

/**
 * `breakfix pause --reason "..."`: passes keep importing, exporting and
 * planning, but act on nothing; a pass already acting starts no further
 * command. The pause file is written first (stopping matters most), then the
 * audit record; a failure to write the record is reported, the pause stands.
 */
export async function runPause(env: Env, reason: string): Promise<{ pause: PauseState; auditId: number | null; warning: string | null }> {
  const why = requireReason('pause', reason);
  const { ws } = openWorkspace(env);
  const who = whoIsRunning();
  const state = pause(ws.pauseFile, why, who, env.clock());
  try {
    const auditId = await recordWorkspaceDecision(env, { command: 'pause', detail: describePause(state), reason: why, who });
    return { pause: state, auditId, warning: null };
  } catch (err) {
    return { pause: state, auditId: null, warning: `the pause is in force, but its audit record could not be written: ${(err as Error).message}` };
  }
}

/**
 * `breakfix resume --reason "..."`: acting is allowed again. The audit
 * record is written first: no resume without its record of who, when and why.
 */
export async function runResume(env: Env, reason: string): Promise<{ was: PauseState | undefined; auditId: number | null }> {
  const why = requireReason('resume', reason);
  const { ws } = openWorkspace(env);
  const was = readPause(ws.pauseFile);
  if (was === undefined) return { was, auditId: null };
  const auditId = await recordWorkspaceDecision(env, { command: 'resume', detail: `lifted: ${describePause(was)}`, reason: why, who: whoIsRunning() });
  liftPause(ws.pauseFile);
  return { was, auditId };
}
