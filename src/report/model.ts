import type { JournalEntry } from '../act/journal.js';
import type { PauseState } from '../act/pause.js';
import type { ViewDiff } from '../export/view-diff.js';
import type { ActionHistoryRow } from '../pass/history.js';
import type { PlanExplanation } from '../pass/plan-step.js';
import type { PassSummary } from '../pass/summary.js';
import type { ViewTrend } from '../pass/trend.js';
import type { TranscriptPass } from './transcript.js';

/**
 * Everything one report shows, read from a workspace and day by
 * ./gather.ts. The rest of src/report is pure over this: shaping,
 * narrative, chart specs and HTML.
 */
export interface ReportData {
  /** The workspace directory, as shown in the header. */
  readonly workspace: string;
  readonly day: string;
  readonly timezone: string;
  /** ISO time the report was made (the caller's clock). */
  readonly generatedAt: string;
  /** The days the trend chart covers (`--days`), oldest first. */
  readonly trendDays: readonly string[];
  /** Passes running that make a view growing or stuck (trend's --runs default). */
  readonly trendRuns: number;
  /** Configured actions, in planning order. */
  readonly actions: readonly string[];
  readonly sources: readonly SourceInfo[];
  readonly passes: readonly PassRecord[];
  readonly actionHistory: readonly ActionHistoryEntry[];
  /** Every view's series across trendDays (today's passes included), with trend's flags. */
  readonly trends: readonly ViewTrend[];
  readonly journal: readonly JournalEntry[];
  /** Each source's latest import. */
  readonly imports: readonly ImportRecord[];
  /** runs/pause.json as it is now. */
  readonly pauseNow: PauseState | null;
  readonly plans: readonly PlanFileInfo[];
  readonly diff: DiffSection;
  readonly transcript: readonly TranscriptPass[];
  /** Paths, relative to the report file, `/`-separated: where the view files, plans and transcript are. */
  readonly links: ReportLinks;
  /** The key of the latest pass's story (./key.ts), written into the page so a pass can tell whether it changed anything. */
  readonly key: string | null;
}

export interface SourceInfo {
  readonly name: string;
  readonly kind: string;
  /** max_age in seconds; null = no limit. */
  readonly maxAge: number | null;
}

export interface PassRecord {
  readonly id: number;
  readonly startedMs: number;
  readonly finishedMs: number | null;
  readonly execute: boolean;
  readonly status: 'running' | 'ok' | 'failed' | 'refused' | 'interrupted';
  readonly exitCode: number | null;
  readonly paused: PauseState | null;
  /** The stored summary; null for a pass that never finished. */
  readonly summary: PassSummary | null;
}

/** An action_history row (what pass/history.ts records) with its pass. */
export interface ActionHistoryEntry extends ActionHistoryRow {
  readonly pass: number;
}

export interface ImportRecord {
  readonly source: string;
  readonly kind: string;
  readonly status: 'running' | 'ok' | 'unchanged' | 'failed';
  readonly pass: number | null;
  readonly rows: number | null;
  readonly unmatched: number | null;
  /** Epoch seconds the data is from. */
  readonly dataTime: number | null;
  readonly finishedMs: number | null;
  readonly error: string | null;
  readonly location: string;
}

export interface PlanFileInfo {
  readonly action: string;
  /** null: no plan file (never planned, or deleted). */
  readonly plan: PlanExplanation | null;
  /** Why the file could not be read, if it could not. */
  readonly error: string | null;
}

export type DiffSection =
  | { readonly kind: 'none'; readonly why: string }
  | {
      readonly kind: 'diff';
      readonly from: string;
      readonly to: string;
      readonly warnings: readonly string[];
      readonly views: readonly DiffView[];
    };

export interface DiffView {
  readonly stat: ViewDiff;
  readonly columns: readonly string[];
  /** The first removed and added lines (text-table lines), bytewise order. */
  readonly removed: readonly string[];
  readonly added: readonly string[];
  /** Hostnames (first field) of further removed / added lines, for the search box only. */
  readonly moreRemoved: readonly string[];
  readonly moreAdded: readonly string[];
  /** Links to the two files compared, relative to the report. */
  readonly fromHref: string | null;
  readonly toHref: string | null;
}

export interface ReportLinks {
  /** view name -> its exported file on the report's day. */
  readonly views: Readonly<Record<string, string>>;
  /** action -> plan/<action>, and plan/<action>.json. */
  readonly planHosts: Readonly<Record<string, string>>;
  readonly planJson: Readonly<Record<string, string>>;
  readonly transcript: string;
}
