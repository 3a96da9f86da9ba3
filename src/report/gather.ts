import type { Database } from 'better-sqlite3';
import { closeSync, existsSync, fstatSync, readSync } from 'node:fs';
import { openForReading, readRegularFile } from '../util/safe-fs.js';
import { dirname, relative, sep } from 'node:path';
import { Journal } from '../act/journal.js';
import { readPause, type PauseState } from '../act/pause.js';
import { planFile, planJsonFile, readPlanExplanation } from '../act/plan-files.js';
import type { Config } from '../config/load.js';
import { BreakfixError, WorkspaceError } from '../errors.js';
import { readManifest } from '../export/manifest.js';
import { diffViews } from '../export/view-diff.js';
import type { PassSummary } from '../pass/summary.js';
import { analyzeTrend } from '../pass/trend.js';
import { readTrendHistory } from '../pass/trend-history.js';
import type { Workspace } from '../workspace.js';
import type { ActionHistoryEntry, DiffSection, DiffView, ImportRecord, PassRecord, PlanFileInfo, ReportData, ReportLinks } from './model.js';
import type { PlanExplanation } from '../pass/plan-step.js';
import { parseTranscript } from './transcript.js';

/** How much of each long list the page holds: the rest is counted and linked. */
export interface ReportLimits {
  /** Removed and added rows shown per view, each side. */
  readonly diffRowsShown: number;
  /** Further hostnames per view and side, in the search index only. */
  readonly diffSearchPerSide: number;
  /** Characters of hostnames in the search index, all views together. */
  readonly diffSearchChars: number;
  /** The transcript's tail read for the passes' commands. */
  readonly transcriptBytes: number;
}

export const DEFAULT_LIMITS: ReportLimits = {
  diffRowsShown: 100,
  diffSearchPerSide: 5000,
  diffSearchChars: 500_000,
  transcriptBytes: 16 << 20,
};

export interface GatherInput {
  readonly ws: Workspace;
  readonly config: Config;
  /** The day's state.db: the pass's own connection, or a read-only one (read inside one snapshot). */
  readonly db: Database;
  /** Where the report will be written: links are relative to its directory. */
  readonly outFile: string;
  /** Days of trend (`--days`). */
  readonly days: number;
  readonly runs: number;
  readonly now: Date;
  readonly key: string | null;
  readonly limits?: ReportLimits;
}

/**
 * Read everything the report shows. Reads only: the day's database through
 * the connection given, earlier days' databases read-only (trend), the
 * exported files (diff), the plan files, the transcript and the pause file.
 */
export async function gatherReport(input: GatherInput): Promise<ReportData> {
  const { ws, config, db } = input;
  const limits = input.limits ?? DEFAULT_LIMITS;
  const outDir = dirname(input.outFile);
  const link = (file: string) => relative(outDir, file).split(sep).join('/');

  const passes = readPasses(db);
  const lastPass = passes.length > 0 ? passes[passes.length - 1]!.id : 0;
  const { days: trendDays, trends } = await readTrendHistory(ws, [], { days: input.days, runs: input.runs });
  // Trend opens the day's database on its own connection: keep to the passes this snapshot has.
  const pinned = trends
    .map((t) => {
      const points = t.points.filter((p) => p.day !== ws.day || p.pass <= lastPass);
      return points.length === t.points.length ? t : analyzeTrend(t.view, points, input.runs);
    })
    .filter((t) => t.points.length > 0);

  const manifest = readManifest(ws.manifestFile, ws.day);
  const links: ReportLinks = {
    views: Object.fromEntries(Object.entries(manifest.views).map(([view, e]) => [view, link(ws.viewFile(e.file))])),
    planHosts: Object.fromEntries(config.actions.map((a) => [a.name, link(planFile(ws.planDir, a.name))])),
    planJson: Object.fromEntries(config.actions.map((a) => [a.name, link(planJsonFile(ws.planDir, a.name))])),
    transcript: link(ws.transcriptFile),
  };

  return {
    workspace: ws.dir,
    day: ws.day,
    timezone: config.timezone,
    generatedAt: input.now.toISOString(),
    trendDays,
    trendRuns: input.runs,
    actions: config.actions.map((a) => a.name),
    sources: config.sources.map((s) => ({ name: s.name, kind: s.kind, maxAge: s.max_age ?? null })),
    passes,
    actionHistory: readActionHistory(db),
    trends: pinned,
    journal: new Journal(db).all(),
    imports: readLatestImports(db),
    pauseNow: readPause(ws.pauseFile) ?? null,
    plans: config.actions.map((a) => readPlanJson(ws, a.name)),
    diff: readDiff(ws, manifest.views, link, limits),
    transcript: parseTranscript(readTail(ws.transcriptFile, limits.transcriptBytes)),
    links,
    key: input.key,
  };
}

function readPasses(db: Database): PassRecord[] {
  const rows = db.prepare(`SELECT id, started_ms, finished_ms, execute, status, exit_code, paused, summary FROM passes ORDER BY id`).all() as {
    id: number;
    started_ms: number;
    finished_ms: number | null;
    execute: number;
    status: PassRecord['status'];
    exit_code: number | null;
    paused: string | null;
    summary: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    startedMs: r.started_ms,
    finishedMs: r.finished_ms,
    execute: r.execute === 1,
    status: r.status,
    exitCode: r.exit_code,
    paused: parseJson<PauseState>(r.paused),
    summary: parseJson<PassSummary>(r.summary),
  }));
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function readActionHistory(db: Database): ActionHistoryEntry[] {
  return db
    .prepare(
      `SELECT pass, action, cluster, population, budget, out_count AS out, headroom, candidates, planned, executed, failed, reason
       FROM action_history ORDER BY pass, action, cluster`,
    )
    .all() as ActionHistoryEntry[];
}

function readLatestImports(db: Database): ImportRecord[] {
  return db
    .prepare(
      `SELECT source, kind, status, pass, rows, unmatched, data_time AS dataTime, finished_ms AS finishedMs, error, location
       FROM imports i WHERE id = (SELECT max(id) FROM imports j WHERE j.source = i.source) ORDER BY source`,
    )
    .all() as ImportRecord[];
}

/** plan/<action>.json, or why it cannot be shown (unparseable, not a plan, or a format newer than this breakfix reads): the page says so in the plan's place. */
function readPlanJson(ws: Workspace, action: string): PlanFileInfo {
  const file = planJsonFile(ws.planDir, action);
  try {
    const read = readPlanExplanation(ws.planDir, action);
    if (read === null) return { action, plan: null, error: null };
    const plan = read.json as unknown as PlanExplanation;
    if (!Array.isArray(plan.clusters)) throw new Error('not a plan explanation (no clusters)');
    return { action, plan, error: null };
  } catch (err) {
    const problem = err instanceof WorkspaceError ? err.problem : (err as Error).message;
    return { action, plan: null, error: `${relative(ws.dir, file)}: ${problem}` };
  }
}

/** The last `max` bytes of a file (from a line start), or all of it; '' when absent. */
function readTail(file: string, max: number): string {
  let fd: number;
  try {
    fd = openForReading(file);
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - max);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
}

/**
 * Each view's removed and added rows since the latest earlier day that has
 * exports, streamed from the two files as `breakfix diff` does: the first
 * rows in full, further hostnames for the search box, the rest counted.
 */
function readDiff(ws: Workspace, views: Record<string, { columns: string[] }>, link: (file: string) => string, limits: ReportLimits): DiffSection {
  if (!existsSync(ws.manifestFile)) return { kind: 'none', why: `no views were exported on ${ws.day} yet` };
  const from = ws
    .days()
    .filter((d) => d < ws.day && existsSync(ws.withDay(d).manifestFile))
    .pop();
  if (from === undefined) return { kind: 'none', why: `no day before ${ws.day} has exported views to compare with` };
  let diff;
  try {
    diff = diffViews(ws, [], from, ws.day);
  } catch (err) {
    if (err instanceof BreakfixError) return { kind: 'none', why: err.message };
    throw err;
  }
  try {
    let budget = limits.diffSearchChars;
    const out: DiffView[] = diff.views.map((stat) => {
      const removed: string[] = [];
      const added: string[] = [];
      const moreRemoved: string[] = [];
      const moreAdded: string[] = [];
      if (stat.status === 'changed') {
        for (const d of diff.lines(stat.view)) {
          const shown = d.sign === '-' ? removed : added;
          const more = d.sign === '-' ? moreRemoved : moreAdded;
          if (shown.length < limits.diffRowsShown) shown.push(d.line);
          else if (more.length < limits.diffSearchPerSide && budget > 0) {
            const tab = d.line.indexOf('\t');
            const host = tab < 0 ? d.line : d.line.slice(0, tab);
            more.push(host);
            budget -= host.length + 3;
          } else if (
            removed.length >= limits.diffRowsShown &&
            added.length >= limits.diffRowsShown &&
            (budget <= 0 || (moreRemoved.length >= limits.diffSearchPerSide && moreAdded.length >= limits.diffSearchPerSide))
          ) {
            break; // nothing more to keep from this view: stop reading its files
          }
        }
      }
      return {
        stat,
        columns: views[stat.view]?.columns ?? [],
        removed,
        added,
        moreRemoved,
        moreAdded,
        fromHref: stat.from_file === null ? null : link(stat.from_file),
        toHref: stat.to_file === null ? null : link(stat.to_file),
      };
    });
    return { kind: 'diff', from: diff.from, to: diff.to, warnings: diff.warnings, views: out };
  } catch (err) {
    if (err instanceof BreakfixError) return { kind: 'none', why: err.message };
    throw err;
  } finally {
    diff.close();
  }
}
