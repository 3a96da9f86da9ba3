import { relative } from 'node:path';
import { acceptedHistory, recordAudit, requireReason } from '../act/audit.js';
import { describeIdentity, whoIsRunning } from '../act/identity.js';
import { readEarlierDays, type UnreadableDay } from '../pass/history.js';
import { Transcript } from '../util/transcript.js';
import type { Env } from '../config/env.js';
import { withLockedState } from './locked-state.js';

export interface AcceptHistoryResult {
  readonly day: string;
  /** Earlier days accepted now, each with its audit record. */
  readonly accepted: readonly (UnreadableDay & { auditId: number })[];
  /** Earlier days that were accepted already. */
  readonly alreadyAccepted: readonly UnreadableDay[];
}

/**
 * `breakfix accept-history --reason "..."`: an operator accepts acting
 * without the earlier days whose state.db cannot be read — their unknown
 * outcomes are not carried over, and inputs-not-shrunk does not compare with
 * them. Until then every action of the day is refused (exit 3). Recorded in
 * the day's operator_audit with who (OS account and uid), when and why, one
 * record per day accepted; nothing is recorded when there is nothing to
 * accept.
 */
export function acceptHistory(env: Env, reason: string): Promise<AcceptHistoryResult> {
  const why = requireReason('accept-history', reason);
  return withLockedState(env, 'breakfix accept-history', ({ ws, state }) => {
    const who = whoIsRunning();
    const now = env.clock();
    const earlier = readEarlierDays(ws, new Set(acceptedHistory(state.raw).keys()));
    const todo = earlier.unreadable.filter((u) => !u.accepted);
    const accepted = state.raw.transaction(() =>
      todo.map((u) => ({
        ...u,
        accepted: true,
        auditId: recordAudit(state.raw, { command: 'accept-history', subject: u.day, detail: `${relative(ws.dir, u.file)}: ${u.problem}`, reason: why, who, atMs: now.getTime() }),
      })),
    )();
    const transcript = new Transcript(ws.transcriptFile, env.clock);
    for (const a of accepted) {
      transcript.write('audit', `accept-history by ${describeIdentity(who)}: ${why}; acting without ${relative(ws.dir, a.file)} (${a.problem}) (audit #${a.auditId})`);
    }
    return { day: ws.day, accepted, alreadyAccepted: earlier.unreadable.filter((u) => u.accepted) };
  });
}
