import { relative } from 'node:path';
import { acceptedHistory } from '../act/audit.js';
import { describeIdentity } from '../act/identity.js';
import { Journal } from '../act/journal.js';
import type { StateDb } from '../db/open.js';
import type { Workspace } from '../workspace.js';
import { readEarlierDays, type EarlierDays, type UnreadableDay } from './history.js';

/** What planning and acting need from the day's history before they start. */
export interface DayState {
  readonly journal: Journal;
  /** For the summary: carried-over and abandoned entries, history acted without. */
  readonly warnings: string[];
  readonly earlier: EarlierDays;
  /**
   * Why nothing may be acted on: an earlier day's state.db that cannot be
   * read and that no operator accepted acting without. Each is a global
   * refusal of every action (plans are still written, empty).
   */
  readonly historyRefusals: string[];
}

/**
 * Bring the journal up to date before planning or acting: carry the
 * previous day's unknown outcomes over, mark entries a dead process left
 * running as unknown, and check that the earlier days' state could be read.
 * Fail closed: an unreadable previous day would silently drop its unknown
 * outcomes (hosts acted on a second time) and the source sizes the
 * inputs-not-shrunk invariant compares with.
 */
export function prepareDay(state: StateDb, ws: Workspace, nowMs: number): DayState {
  const journal = new Journal(state.raw);
  const warnings: string[] = [];
  const accepted = acceptedHistory(state.raw);
  const earlier = readEarlierDays(ws, new Set(accepted.keys()));
  const carried = journal.carryOver(earlier.carry, ws.day);
  if (carried > 0) warnings.push(`${carried} unknown action outcome${carried > 1 ? 's' : ''} carried over from ${earlier.carry!.day}`);
  for (const e of journal.markAbandoned(nowMs)) {
    warnings.push(`${e.action} of ${e.hostname} (journal #${e.id}) was running when process ${e.pid ?? '?'} died: outcome unknown, counted as out, not run again until cleared`);
  }
  const historyRefusals: string[] = [];
  for (const u of earlier.unreadable) {
    const a = accepted.get(u.day);
    if (a === undefined) historyRefusals.push(historyRefusal(ws, u));
    else {
      warnings.push(
        `${relative(ws.dir, u.file)}: ${u.problem}; acting without ${u.day}'s unknown outcomes and source sizes, as accepted by ` +
          `${describeIdentity({ user: a.user, uid: a.uid, host: a.host, sudoUser: a.sudo_user })} at ${new Date(a.at_ms).toISOString()}: ${a.reason}`,
      );
    }
  }
  return { journal, warnings, earlier, historyRefusals };
}

/** The refusal for an unreadable earlier day: what is wrong, what it means, how to proceed. */
export function historyRefusal(ws: Workspace, u: UnreadableDay): string {
  return (
    `history: ${relative(ws.dir, u.file)}: ${u.problem}. The unknown action outcomes and source sizes of ${u.day} cannot be checked, so nothing is acted on. ` +
    `Restore or repair that file, or accept acting without it: breakfix accept-history --reason "..."`
  );
}
