import { compareBytewise } from '../util/bytewise.js';
import type { ActionSummary, PassSummary } from '../pass/summary.js';
import type { PassRecord } from './model.js';
import type { PlanExplanation } from '../pass/plan-step.js';
import { localTime } from './time.js';
import type { CommandRun, TranscriptPass } from './transcript.js';

/**
 * The story of a pass in plain words, for someone who has never read the
 * code: what it saw, what it decided and why, what it did. Pure: built from
 * the stored pass summary, the transcript's command lines and, for the pass
 * that wrote them, the plan files. Every sentence is plain text; the page
 * escapes it.
 */

export interface StoryBlock {
  readonly heading: string;
  readonly lines: readonly string[];
}

export interface PassStory {
  readonly pass: number;
  readonly label: PassLabel;
  readonly title: string;
  /** One line: the pass's outcome. */
  readonly verdict: string;
  readonly blocks: readonly StoryBlock[];
}

export type PassLabel = 'ok' | 'refused' | 'paused' | 'dry run' | 'failed' | 'interrupted' | 'running';

/** The status an operator reads at a glance: a pause or a dry run says more than `ok`. */
export function passLabel(p: Pick<PassRecord, 'status' | 'execute' | 'paused'>): PassLabel {
  if (p.status === 'failed' || p.status === 'interrupted' || p.status === 'running' || p.status === 'refused') return p.status;
  if (p.paused !== null) return 'paused';
  if (!p.execute) return 'dry run';
  return 'ok';
}

export interface StoryInput {
  readonly pass: PassRecord;
  readonly timezone: string;
  readonly transcript?: TranscriptPass | undefined;
  /** Plan explanations this pass wrote (plan/<action>.json whose `pass` is this one): the latest pass only. */
  readonly plans: readonly PlanExplanation[];
  /** At most this many names or hosts in one sentence. */
  readonly listMax?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0');

/** `a, b, c and 4 more`. */
export function listSome(items: readonly string[], max: number): string {
  if (items.length <= max) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function passStory(input: StoryInput): PassStory {
  const { pass: p, timezone } = input;
  const max = input.listMax ?? 6;
  const label = passLabel(p);
  const at = localTime(p.startedMs, timezone);
  const mode = p.execute ? 'with --execute (allowed to act)' : 'as a dry run (plans only; nothing is run without --execute)';
  const title = `Pass ${p.id} at ${at}, ${mode}: ${label}`;
  const s = p.summary;
  if (s === null) {
    return {
      pass: p.id,
      label,
      title,
      verdict:
        p.status === 'running'
          ? 'This pass is still running, or its process died without finishing: what it did so far is in the journal and the transcript.'
          : 'This pass did not finish (its process was stopped or died), so it left no summary: the journal shows every action it started, and the transcript every step.',
      blocks: [],
    };
  }
  const blocks: StoryBlock[] = [
    { heading: 'What it saw', lines: saw(s, max) },
    { heading: 'What it decided, and why', lines: s.actions.flatMap((a) => decided(a, input.plans.find((x) => x.action === a.action), max)) },
    { heading: 'What it did', lines: did(s, input.transcript, max) },
  ].filter((b) => b.lines.length > 0);
  return { pass: p.id, label, title, verdict: verdict(s), blocks };
}

function saw(s: PassSummary, max: number): string[] {
  const lines: string[] = [];
  if (s.paused) {
    lines.push(
      `Acting was paused by ${s.paused.by} at ${s.paused.at}: "${s.paused.reason}". A paused pass still imports, exports and plans, so its plans show what it would have done; it runs nothing until \`breakfix resume\`.`,
    );
  }
  const failed = s.imports.filter((i) => i.status === 'failed');
  const unchanged = s.imports.filter((i) => i.status === 'unchanged');
  const fresh = s.imports.length - failed.length - unchanged.length;
  if (s.imports.length > 0) {
    lines.push(
      `It read ${plural(s.imports.length, 'source')}: ${fresh} with new data` +
        (unchanged.length > 0 ? `, ${unchanged.length} unchanged since their last import (${listSome(unchanged.map((i) => i.source), max)})` : '') +
        (failed.length > 0 ? `, ${failed.length} failed` : '') +
        '.',
    );
  }
  for (const f of failed) lines.push(`The import of ${f.source} failed: ${f.error ?? 'no error recorded'}.`);
  for (const i of s.imports) {
    if (i.skipped !== null && i.skipped > 0) lines.push(`${i.source} skipped ${plural(i.skipped, 'record')} on purpose${i.note ? `: ${i.note}` : ''}.`);
  }
  if (failed.length > 0) {
    lines.push('A pass whose import fails stops there: no views, no plans, nothing acted on; the files from before stay as they were.');
  }
  lines.push(...viewChanges(s, max));
  for (const w of s.warnings) lines.push(`Warning: ${w}.`);
  return lines;
}

function viewChanges(s: PassSummary, max: number): string[] {
  if (s.views.length === 0) return [];
  if (s.views.every((v) => v.previous === null)) {
    return [`There was no earlier pass to compare with: it exported ${plural(s.views.length, 'view')} for the first time.`];
  }
  const resized = s.views.filter((v) => v.previous !== null && v.rows !== v.previous);
  const reshuffled = s.views.filter((v) => v.previous !== null && v.rows === v.previous && v.changed);
  const added = s.views.filter((v) => v.previous === null);
  const lines: string[] = [];
  if (resized.length === 0 && reshuffled.length === 0 && added.length === 0) {
    return [`None of the ${plural(s.views.length, 'view')} changed since the previous pass.`];
  }
  const byChange = [...resized].sort((a, b) => Math.abs(b.rows - b.previous!) - Math.abs(a.rows - a.previous!) || compareBytewise(a.view, b.view));
  if (resized.length > 0) {
    lines.push(
      `Since the previous pass ${plural(resized.length, 'view')} changed size: ` +
        listSome(byChange.map((v) => `${v.view} ${v.previous} \u2192 ${v.rows} (${signed(v.rows - v.previous!)})`), max) +
        '.',
    );
  }
  if (reshuffled.length > 0) {
    lines.push(`${plural(reshuffled.length, 'view')} kept ${reshuffled.length === 1 ? 'its' : 'their'} size but changed members: ${listSome(reshuffled.map((v) => v.view), max)}.`);
  }
  if (added.length > 0) lines.push(`New views: ${listSome(added.map((v) => v.view), max)}.`);
  const same = s.views.length - resized.length - reshuffled.length - added.length;
  if (same > 0) lines.push(`${plural(same, 'other view')} did not change.`);
  return lines;
}

function decided(a: ActionSummary, plan: PlanExplanation | undefined, max: number): string[] {
  const lines: string[] = [];
  const planned = a.clusters.reduce((n, c) => n + c.planned, 0);
  const global = a.refused.filter((r) => !a.clusters.some((c) => r.startsWith(`${c.cluster}: `)));
  if (global.length > 0 && planned === 0) {
    lines.push(
      `${a.action}: REFUSED, nothing planned \u2014 ${global.join('; ')}. A safety check that fails for the whole pass empties the action's plan: breakfix does nothing rather than act on data it cannot trust, and exits 3 so that a person looks.`,
    );
    return lines;
  }
  if (a.clusters.length === 0) return [`${a.action}: nothing to plan (no candidates and no population).`];
  const who = a.clusters.filter((c) => c.planned > 0).map((c) => `${c.cluster} ${c.planned}`);
  lines.push(
    planned > 0
      ? `${a.action}: planned ${plural(planned, 'host')} (${who.join(', ')}).`
      : `${a.action}: planned nothing.`,
  );
  for (const c of a.clusters) {
    if (c.candidates === 0 && c.planned === 0 && (c.reason === 'no candidates' || c.reason === null)) continue;
    const room = Math.max(0, c.budget - c.out);
    const capped = c.headroom < room ? ' (the per-pass limit, max_per_pass, caps it)' : '';
    let line =
      `  ${c.cluster}: may have ${c.budget} out at once (${c.basis}); ${c.out} already out, so headroom ${c.headroom}${capped}. ` +
      `${plural(c.candidates, 'candidate')}, ${c.planned} planned`;
    line += c.reason ? ` \u2014 ${explainReason(c.reason)}.` : '.';
    lines.push(line);
  }
  const quiet = a.clusters.filter((c) => c.candidates === 0 && c.planned === 0 && (c.reason === 'no candidates' || c.reason === null));
  if (quiet.length > 0 && quiet.length < a.clusters.length) lines.push(`  No candidates in ${listSome(quiet.map((c) => c.cluster), max)}.`);
  else if (quiet.length === a.clusters.length) lines.push(`  No cluster had a candidate.`);
  if (plan !== undefined) {
    const removed = plan.clusters.flatMap((c) => c.removed.map((r) => `${r.hostname} (${r.reason})`));
    if (removed.length > 0) lines.push(`  Candidates left out by the rules: ${listSome(removed, max)}.`);
    for (const c of plan.clusters) {
      const unknown = c.outHosts.filter((o) => o.why === 'unknown-outcome');
      if (unknown.length > 0) lines.push(`  ${c.cluster}: ${plural(unknown.length, 'host')} with an unknown outcome count as out: ${listSome(unknown.map((o) => o.hostname), max)}.`);
    }
    const invalid = plan.invalid_rows ?? [];
    if (invalid.length > 0) {
      lines.push(`  Rows planning could not read: ${listSome(invalid.map((r) => `${r.view} ${r.value === null ? '' : `"${r.value}" `}(${r.problem}: ${r.effect})`), max)}.`);
    }
  }
  for (const r of a.rejectedAtAct) lines.push(`  Re-checked just before acting, ${r.hostname} was dropped: ${r.reason}.`);
  return lines;
}

/** The planner's reasons are terse; say what each means. */
export function explainReason(reason: string): string {
  if (reason === 'no candidates') return 'no candidates';
  if (reason.startsWith('budget used')) return `${reason}: the cluster already has as many hosts out as its budget allows, so it waits for some to come back`;
  if (reason.startsWith('budget 0')) return `${reason}: this cluster may have nothing out`;
  if (reason.startsWith('max_per_pass')) return `${reason}: the per-pass limit is reached`;
  if (reason.startsWith('group limit')) return `${reason}: replica groups are protected, so hosts of other groups must wait until these come back`;
  if (reason.startsWith('invariant ')) return `${reason}: a safety check failed for this cluster, so it gets nothing`;
  return reason;
}

function did(s: PassSummary, transcript: TranscriptPass | undefined, max: number): string[] {
  const lines: string[] = [];
  for (const a of s.actions) {
    const planned = a.clusters.reduce((n, c) => n + c.planned, 0);
    const runs = transcript?.runs.filter((r) => r.action === a.action) ?? [];
    if (a.acted === 'paused' && a.commands.length > 0) {
      lines.push(`${a.action}: held by the pause; would have run ${describeCommands(a.commands)}.`);
    } else if (a.acted === 'dry-run' && a.commands.length > 0) {
      lines.push(`${a.action}: dry run; would have run ${describeCommands(a.commands)}.`);
    } else if (a.acted === 'executed' && a.commands.length > 0) {
      const executed = a.clusters.reduce((n, c) => n + c.executed, 0);
      const failed = a.clusters.reduce((n, c) => n + c.failed, 0);
      lines.push(`${a.action}: ran ${describeCommands(a.commands)}: ${executed} done${failed > 0 ? `, ${failed} FAILED (see the journal)` : ''}.`);
      for (const r of runs.slice(0, max)) lines.push(`  ${describeRun(r)}`);
      const more = (runs.length > max ? runs.length - max : 0) + (transcript?.moreRuns[a.action] ?? 0);
      if (more > 0) lines.push(`  and ${plural(more, 'more command')} (the transcript has every one).`);
    } else if (a.acted === 'not-reached' && planned > 0) {
      lines.push(`${a.action}: not reached (the pass stopped first); nothing ran.`);
    }
  }
  if (s.pausedDuring) {
    lines.push(
      `Acting was paused while the pass ran, by ${s.pausedDuring.by} at ${s.pausedDuring.at}: "${s.pausedDuring.reason}". breakfix reads the pause before every command, so no command started after it.`,
    );
  }
  for (const a of s.actions) {
    if (a.notRun.length > 0) lines.push(`${a.action}: not run for ${plural(a.notRun.length, 'host')}: ${listSome(a.notRun.map((n) => `${n.hostname} (${n.reason})`), max)}.`);
  }
  if (lines.length === 0) lines.push('Nothing ran: no action had a host to act on.');
  return lines;
}

function describeCommands(commands: readonly string[]): string {
  if (commands.length === 1) return `\`${commands[0]}\``;
  return `${commands.length} commands (one per host), e.g. \`${commands[0]}\``;
}

function describeRun(r: CommandRun): string {
  const ended = r.exit === null ? 'the transcript ends before it finished' : `exit ${r.exit} after ${r.durationMs} ms`;
  const printed = r.output.length > 0 ? `; it printed \`${r.output.join(' / ')}\`${r.outputLines > r.output.length ? ` (and ${r.outputLines - r.output.length} more lines)` : ''}` : '';
  // `14 hosts in /ws/runs/DAY/plan/rekick.hosts`: the file is the one the command line names.
  const what = r.what.replace(/^(\d+ hosts?) in .*$/, '$1');
  return `${what}: ${ended}${printed}.`;
}

function verdict(s: PassSummary): string {
  const unknown = s.unknownOutcomes.length > 0
    ? ` ${plural(s.unknownOutcomes.length, 'host')} ha${s.unknownOutcomes.length === 1 ? 's' : 've'} an unknown outcome (a command was running when its process died): ${s.unknownOutcomes.length === 1 ? 'it counts' : 'they count'} as out and ${s.unknownOutcomes.length === 1 ? 'is' : 'are'} not acted on again until an operator checks and runs \`breakfix clear HOST --reason "..."\`.`
    : '';
  const errors = s.errors.length > 0 ? ` ${s.errors.join('; ')}.` : '';
  switch (s.exitCode) {
    case 0:
      return `Exit 0: done.${errors}${unknown}`;
    case 3:
      return `Exit 3: an invariant refused an action \u2014 a person should look before the next pass acts.${errors}${unknown}`;
    case 130:
      return `Exit 130: interrupted; it stopped between steps.${errors}${unknown}`;
    default:
      return `Exit ${s.exitCode}: something failed.${errors}${unknown}`;
  }
}
