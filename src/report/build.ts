import { budgetPoints, budgetSpec, selectBudgetPanels, selectViewPanels, viewPoints, viewsDaysSpec, viewsTodaySpec } from './charts.js';
import { gatherReport, type GatherInput } from './gather.js';
import { reportKeyOf } from './key.js';
import { passStory } from './narrative.js';
import { renderChart } from './render-chart.js';
import { renderReport } from './render.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/**
 * Make the report and write it: gather (read-only), tell each pass's story,
 * draw the charts, render the page, and write it under a temporary name
 * beside the destination before renaming it into place, so that a reader
 * (or a browser opening it) sees the old page or the new one, never half.
 * This module is loaded on demand: the charting library is only loaded by
 * the commands that draw.
 */

export interface BuildReportInput extends Omit<GatherInput, 'key'> {
  readonly version: string;
}

export interface BuiltReport {
  readonly file: string;
  readonly bytes: number;
  readonly passes: number;
  readonly key: string | null;
  /** Wall-clock milliseconds to gather, draw, render and write. */
  readonly ms: number;
}

export async function buildReport(input: BuildReportInput): Promise<BuiltReport> {
  const started = performance.now();
  const key = reportKeyOf(input.db, input.ws, input.config);
  const data = await gatherReport({ ...input, key });
  const stories = data.passes.map((p) =>
    passStory({
      pass: p,
      timezone: data.timezone,
      transcript: data.transcript.findLast((t) => t.pass === p.id),
      plans: data.plans.flatMap((x) => (x.plan !== null && x.plan.pass === p.id ? [x.plan] : [])),
    }),
  );
  const all = viewPoints(data.trends, data.trendRuns);
  // One choice of views for both view charts: the same panels, today and over the days.
  const views = selectViewPanels(all);
  const today = views.points.filter((p) => p.day === data.day);
  const budget = selectBudgetPanels(budgetPoints(data.actionHistory));
  const charts = {
    viewsToday: today.length > 0 ? await renderChart(viewsTodaySpec(today)) : null,
    viewsDays: views.points.length > 0 ? await renderChart(viewsDaysSpec(views.points)) : null,
    budget: budget.points.length > 0 ? await renderChart(budgetSpec(budget.points)) : null,
    viewsOmitted: views.omitted,
    budgetOmitted: budget.omitted,
  };
  const page = renderReport({ data, stories, charts, version: input.version });
  // Whole or not at all, never through a link planted at its name, shared like its directory.
  writeFileAtomic(input.outFile, page);
  return { file: input.outFile, bytes: Buffer.byteLength(page), passes: data.passes.length, key, ms: performance.now() - started };
}


