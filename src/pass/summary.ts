import { compareBytewise } from '../util/bytewise.js';
import { formatTable } from '../util/format-table.js';

/**
 * The pass summary: what an operator scans in ten seconds. The same object is
 * printed, appended to the transcript and stored (JSON) with the pass.
 */
export interface PassSummary {
  readonly day: string;
  readonly pass: number;
  readonly execute: boolean;
  readonly seed: number;
  readonly status: 'ok' | 'failed' | 'refused' | 'interrupted';
  readonly exitCode: number;
  /** The pause in force when the pass started: nothing was run. */
  readonly paused: { by: string; at: string; reason: string } | null;
  /** A pause issued while the pass was acting: the commands not yet started were not run. */
  readonly pausedDuring: { by: string; at: string; reason: string } | null;
  readonly imports: readonly {
    source: string;
    status: string;
    rows: number;
    unmatched: number | null;
    /** Input records skipped on purpose (Prometheus samples without the host label), and in words. */
    skipped: number | null;
    note: string | null;
    error: string | null;
  }[];
  readonly views: readonly { view: string; rows: number; previous: number | null; changed: boolean; status: string }[];
  readonly actions: readonly ActionSummary[];
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
  readonly unknownOutcomes: readonly { action: string; hostname: string; since: string }[];
}

/**
 * One cluster's line of an action in a pass: the budget arithmetic, what was
 * planned, and what ran. The summary shows it (with the budget's basis);
 * action_history keeps it (pass/history.ts, with the population).
 */
export interface ClusterOutcome {
  readonly cluster: string;
  readonly budget: number;
  readonly out: number;
  readonly headroom: number;
  readonly candidates: number;
  readonly planned: number;
  readonly executed: number;
  readonly failed: number;
  readonly reason: string | null;
}

export interface ActionSummary {
  readonly action: string;
  readonly refused: readonly string[];
  /** What would run (dry run) or ran: the command lines. */
  readonly commands: readonly string[];
  readonly acted: 'executed' | 'dry-run' | 'paused' | 'not-reached';
  readonly clusters: readonly (ClusterOutcome & { readonly basis: string })[];
  readonly rejectedAtAct: readonly { hostname: string; reason: string }[];
  /** Hosts whose command was not started (a pause or a stop came first), with why; nothing is journaled for them. */
  readonly notRun: readonly { hostname: string; reason: string }[];
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `${n}` : '0');

export function formatSummary(s: PassSummary): string {
  const out: string[] = [];
  out.push(
    `pass ${s.pass} of ${s.day}: ${s.status}${s.execute ? '' : ' (dry run: nothing executed; add --execute to act)'}  seed ${s.seed}`,
  );
  if (s.paused) out.push(`PAUSED by ${s.paused.by} at ${s.paused.at}: ${s.paused.reason}  (breakfix resume --reason "..." to act again)`);
  if (s.pausedDuring) {
    const n = s.actions.reduce((k, a) => k + a.notRun.length, 0);
    out.push(`PAUSED during this pass by ${s.pausedDuring.by} at ${s.pausedDuring.at}: ${s.pausedDuring.reason} — ${n} host${n === 1 ? '' : 's'} not run  (breakfix resume --reason "..." to act again)`);
  }
  for (const e of s.errors) out.push(`error: ${e}`);
  for (const w of s.warnings) out.push(`warning: ${w}`);

  const failedImports = s.imports.filter((i) => i.status === 'failed');
  out.push('');
  out.push(
    `imports: ${s.imports.length - failedImports.length} of ${s.imports.length} ok` +
      ` (${s.imports.filter((i) => i.status === 'unchanged').length} unchanged)`,
  );
  for (const i of failedImports) out.push(`  FAILED ${i.source}: ${i.error}`);
  for (const i of s.imports) if (i.status !== 'failed' && i.note !== null) out.push(`  ${i.source}: ${i.note}`);

  if (s.views.length > 0) {
    out.push('');
    out.push(
      formatTable(
        ['view', 'rows', 'change'],
        [...s.views].sort((a, b) => compareBytewise(a.view, b.view)).map((v) => [v.view, v.rows, v.previous === null ? 'new' : v.rows !== v.previous ? signed(v.rows - v.previous) : v.changed ? 'same size, new members' : '-']),
      ).trimEnd(),
    );
  }

  for (const a of s.actions) {
    out.push('');
    const planned = a.clusters.reduce((n, c) => n + c.planned, 0);
    const how =
      a.refused.length > 0 && planned === 0
        ? 'refused: nothing planned'
        : planned === 0 && a.commands.length === 0
          ? 'nothing to do'
          : a.acted === 'executed'
            ? a.notRun.length > 0
              ? `executed, ${a.notRun.length} not run`
              : 'executed'
            : a.acted === 'dry-run'
              ? 'dry run'
              : a.acted === 'paused'
                ? 'paused: nothing run'
                : 'not reached';
    out.push(`action ${a.action} (${how})`);
    for (const r of a.refused) out.push(`  REFUSED: ${r}`);
    if (a.clusters.length === 0) out.push('  no clusters: no candidates and no population');
    else {
      out.push(
        formatTable(
          ['cluster', 'budget', 'out', 'headroom', 'candidates', 'planned', 'executed', 'failed', 'reason'],
          a.clusters.map((c) => [c.cluster, c.budget, c.out, c.headroom, c.candidates, c.planned, c.executed, c.failed, c.reason ?? '']),
        )
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n'),
      );
    }
    for (const r of a.rejectedAtAct) out.push(`  not acted on: ${r.hostname}: ${r.reason}`);
    const notRunWhy = new Map<string, number>();
    for (const r of a.notRun) notRunWhy.set(r.reason, (notRunWhy.get(r.reason) ?? 0) + 1);
    for (const [why, n] of notRunWhy) out.push(`  not run: ${n} host${n === 1 ? '' : 's'}: ${why}`);
    for (const c of a.commands) out.push(`  ${a.acted === 'executed' ? 'ran' : 'would run'}: ${c}`);
  }
  if (s.unknownOutcomes.length > 0) {
    out.push('');
    out.push(`unknown outcomes (count as out until cleared with "breakfix clear HOST --reason ..."):`);
    for (const u of s.unknownOutcomes) out.push(`  ${u.action} ${u.hostname} since ${u.since}`);
  }
  return out.join('\n') + '\n';
}
