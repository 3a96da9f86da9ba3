import type { TopLevelSpec } from 'vega-lite';
import { compareBytewise } from '../util/bytewise.js';
import type { ViewTrend } from '../pass/trend.js';
import type { ActionHistoryEntry } from './model.js';

/**
 * The report's charts as Vega-Lite specs (pure data: what is drawn is
 * testable without drawing it), rendered to SVG at generation time by
 * ./render-chart.ts. Every chart is a grid of small panels sharing one spec,
 * so a workspace with thirty views is one chart, not thirty.
 */

export type DriftMark = 'steady' | 'growing' | 'stuck';

export interface ViewPoint {
  readonly view: string;
  /** The panel's title: the view, and its drift flag if it has one. */
  readonly panel: string;
  readonly day: string;
  readonly pass: number;
  /** ISO start of the pass. */
  readonly at: string;
  readonly rows: number;
  /** Whether this point is one of the passes a drift flag is about. */
  readonly mark: DriftMark;
}

export interface BudgetPoint {
  readonly panel: string;
  readonly action: string;
  readonly cluster: string;
  readonly pass: number;
  readonly measure: 'budget' | 'out' | 'headroom';
  readonly value: number;
}

/** The panel title of a view: `drain-candidates (growing)`; the page says what the flags mean. */
export function viewPanel(t: ViewTrend): string {
  if (t.growing) return `${t.view} (growing)`;
  if (t.stuck) return `${t.view} (stuck)`;
  return t.view;
}

/**
 * Every point of every view's series (trend's data), each marked when it is
 * one of the passes a flag is about: the last runs+1 of a growing view (each
 * grew from the one before), the last `runs` of a stuck one.
 */
export function viewPoints(trends: readonly ViewTrend[], runs: number): ViewPoint[] {
  return trends.flatMap((t) => {
    const panel = viewPanel(t);
    const n = t.points.length;
    const flagged = t.growing ? runs + 1 : t.stuck ? runs : 0;
    const mark: DriftMark = t.growing ? 'growing' : t.stuck ? 'stuck' : 'steady';
    return t.points.map((p, i) => ({ view: t.view, panel, day: p.day, pass: p.pass, at: p.at, rows: p.rows, mark: i >= n - flagged ? mark : 'steady' }));
  });
}

/** Budget, out and headroom of each action and cluster at each pass (action_history). */
export function budgetPoints(history: readonly ActionHistoryEntry[]): BudgetPoint[] {
  return history.flatMap((h) =>
    (['budget', 'out', 'headroom'] as const).map((measure) => ({
      panel: `${h.action} \u00b7 ${h.cluster}`,
      action: h.action,
      cluster: h.cluster,
      pass: h.pass,
      measure,
      value: measure === 'budget' ? h.budget : measure === 'out' ? h.out : h.headroom,
    })),
  );
}

/**
 * Panels drawn at most per chart: beyond a few dozen small multiples a page
 * stops being read, and each panel costs Vega its own axes and scales (at
 * 100k hosts and 40 clusters, 36 budget panels of 24 passes took 0.76 s to
 * draw, 16 took 0.24 s). Every view of a usual workspace fits; the budget
 * chart shows the clusters closest to their budget, and the Plans section
 * has every cluster's numbers.
 */
export const MAX_VIEW_PANELS = 36;
export const MAX_BUDGET_PANELS = 16;

export interface Selected<T> {
  readonly points: readonly T[];
  /** Panels left out. */
  readonly omitted: readonly string[];
}

/**
 * The views to draw when there are more than `max`: flagged ones first,
 * then those whose size moved most over the points given, then by name.
 */
export function selectViewPanels(points: readonly ViewPoint[], max = MAX_VIEW_PANELS): Selected<ViewPoint> {
  const by = new Map<string, ViewPoint[]>();
  for (const p of points) {
    const list = by.get(p.view);
    if (list === undefined) by.set(p.view, [p]);
    else list.push(p);
  }
  const rank = [...by.entries()].map(([view, ps]) => ({
    view,
    flagged: ps.some((p) => p.mark !== 'steady'),
    moved: ps.reduce((m, p) => Math.max(m, p.rows), -Infinity) - ps.reduce((m, p) => Math.min(m, p.rows), Infinity),
  }));
  return keep(points, (p) => p.view, rank.sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.moved - a.moved || compareBytewise(a.view, b.view)).map((r) => r.view), max);
}

/** The action and cluster panels to draw when there are more than `max`: those closest to their budget at their last pass first. */
export function selectBudgetPanels(points: readonly BudgetPoint[], max = MAX_BUDGET_PANELS): Selected<BudgetPoint> {
  const last = new Map<string, { pass: number; budget: number; out: number }>();
  for (const p of points) {
    const l = last.get(p.panel);
    if (l === undefined || p.pass > l.pass) last.set(p.panel, { pass: p.pass, budget: 0, out: 0 });
  }
  for (const p of points) {
    const l = last.get(p.panel)!;
    if (p.pass !== l.pass) continue;
    if (p.measure === 'budget') l.budget = p.value;
    if (p.measure === 'out') l.out = p.value;
  }
  const use = (panel: string) => {
    const l = last.get(panel)!;
    return l.budget > 0 ? l.out / l.budget : l.out > 0 ? Infinity : 0;
  };
  return keep(points, (p) => p.panel, [...last.keys()].sort((a, b) => use(b) - use(a) || compareBytewise(a, b)), max);
}

function keep<T>(points: readonly T[], key: (p: T) => string, ranked: readonly string[], max: number): Selected<T> {
  if (ranked.length <= max) return { points, omitted: [] };
  const kept = new Set(ranked.slice(0, max));
  return { points: points.filter((p) => kept.has(key(p))), omitted: ranked.slice(max).sort(compareBytewise) };
}


const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const BASE_CONFIG = {
  // No ARIA attributes on every mark: they doubled the time to draw and a
  // chart's bytes; the figure around each chart says what it shows.
  aria: false,
  font: FONT,
  view: { stroke: '#ddd' },
  // No grid: it was a quarter of the drawing time, and panels this small read by their ticks.
  axis: { labelFontSize: 10, titleFontSize: 10, grid: false },
  header: { labelFontSize: 11, labelFontWeight: 600, labelLimit: 260, title: null },
  legend: { orient: 'top', labelFontSize: 11, titleFontSize: 11 },
} as const;

const DRIFT_COLOR = { field: 'mark', type: 'nominal', title: 'drift flag', scale: { domain: ['steady', 'growing', 'stuck'], range: ['#4c78a8', '#d62728', '#ff7f0e'] } } as const;
const ROWS = { field: 'rows', type: 'quantitative', title: null, axis: { tickMinStep: 1, format: ',d' }, scale: { zero: false } } as const;

/** Panels per row: enough to use the page's width, few enough to read. */
const COLUMNS = 4;

function panelOrder(points: readonly { panel: string }[]): string[] {
  return [...new Set(points.map((p) => p.panel))];
}

/**
 * Passes in a day beyond which the day's charts draw lines without a symbol
 * per pass (a loop every ten minutes is 144 passes: thousands of symbols to
 * draw at every pass, for points no one can tell apart).
 */
export const MAX_MARKED_PASSES = 48;

const markedPasses = (points: readonly { pass: number }[]) => new Set(points.map((p) => p.pass)).size <= MAX_MARKED_PASSES;

/** Each view's size at each of the day's passes (x: the pass number), a point per pass (up to MAX_MARKED_PASSES). */
export function viewsTodaySpec(points: readonly ViewPoint[]): TopLevelSpec {
  const marked = markedPasses(points);
  return {
    data: { values: points as unknown as Record<string, unknown>[] },
    facet: { field: 'panel', type: 'nominal', sort: panelOrder(points), title: null },
    columns: COLUMNS,
    spec: {
      width: 170,
      height: 70,
      layer: [
        { mark: { type: 'line', color: '#9db5d1' }, encoding: { x: { field: 'pass', type: 'ordinal', title: 'pass', axis: { labelAngle: 0 } }, y: ROWS } },
        {
          ...(marked ? {} : { transform: [{ filter: "datum.mark !== 'steady'" }] }),
          mark: { type: 'point', filled: true, size: 36, opacity: 1 },
          encoding: { x: { field: 'pass', type: 'ordinal', title: 'pass' }, y: ROWS, color: DRIFT_COLOR },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: BASE_CONFIG,
  } as TopLevelSpec;
}

/**
 * Each view's size at every pass of the last N days (x: time, UTC), as a
 * step line (a size holds until the next pass), with a point only where a
 * drift flag is: hundreds of passes would otherwise be hundreds of symbols
 * per panel, each one Vega draws on its own.
 */
export function viewsDaysSpec(points: readonly ViewPoint[]): TopLevelSpec {
  const x = { field: 'at', type: 'temporal', title: null, scale: { type: 'utc' }, axis: { format: '%m-%d', labelAngle: 0, tickCount: 4 } };
  return {
    data: { values: points as unknown as Record<string, unknown>[] },
    facet: { field: 'panel', type: 'nominal', sort: panelOrder(points), title: null },
    columns: COLUMNS,
    spec: {
      width: 170,
      height: 70,
      layer: [
        { mark: { type: 'line', color: '#4c78a8', interpolate: 'step-after', strokeWidth: 1.5 }, encoding: { x, y: ROWS } },
        {
          transform: [{ filter: "datum.mark !== 'steady'" }],
          mark: { type: 'point', filled: true, size: 24, opacity: 1 },
          encoding: { x, y: ROWS, color: { ...DRIFT_COLOR, scale: { domain: ['growing', 'stuck'], range: ['#d62728', '#ff7f0e'] } } },
        },
      ],
    },
    resolve: { scale: { y: 'independent', x: 'shared' } },
    config: BASE_CONFIG,
  } as TopLevelSpec;
}

/** Passes in a day up to which the budget chart draws a point per pass and measure. */
export const BUDGET_MARKED_PASSES = 12;

/** Per action and cluster: its budget, hosts out and headroom at each pass, three lines (with a point per pass on a short day). */
export function budgetSpec(points: readonly BudgetPoint[]): TopLevelSpec {
  const x = { field: 'pass', type: 'ordinal', title: 'pass', axis: { labelAngle: 0 } };
  const y = { field: 'value', type: 'quantitative', title: null, axis: { tickMinStep: 1, format: ',d' } };
  const color = {
    field: 'measure',
    type: 'nominal',
    title: null,
    scale: { domain: ['budget', 'out', 'headroom'], range: ['#7f7f7f', '#d62728', '#2ca02c'] },
  };
  return {
    data: { values: points as unknown as Record<string, unknown>[] },
    facet: { field: 'panel', type: 'nominal', sort: panelOrder(points), title: null },
    columns: COLUMNS,
    spec: {
      width: 170,
      height: 80,
      // A point per pass only for a short day: a line of one pass is not drawn at all.
      mark: { type: 'line', strokeWidth: 1.5, point: new Set(points.map((p) => p.pass)).size <= BUDGET_MARKED_PASSES ? { filled: true, size: 20 } : false },
      encoding: { x, y, color, strokeDash: { field: 'measure', type: 'nominal', title: null, scale: { domain: ['budget', 'out', 'headroom'], range: [[4, 3], [1, 0], [1, 0]] } } },
    },
    resolve: { scale: { y: 'independent' } },
    config: BASE_CONFIG,
  } as TopLevelSpec;
}
