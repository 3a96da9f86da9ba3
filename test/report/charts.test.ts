import { describe, expect, it } from 'vitest';
import { analyzeTrend, type TrendPoint } from '../../src/pass/trend.js';
import { budgetPoints, budgetSpec, selectBudgetPanels, selectViewPanels, viewPoints, viewsDaysSpec, viewsTodaySpec } from '../../src/report/charts.js';
import type { ActionHistoryEntry } from '../../src/report/model.js';
import { compactSvg, renderChart } from '../../src/report/render-chart.js';

const series = (rows: number[], hashes?: string[]): TrendPoint[] =>
  rows.map((r, i) => ({ day: i < 2 ? '2026-11-23' : '2026-11-24', pass: i + 1, at: new Date(Date.UTC(2026, 10, 23, i * 4)).toISOString(), rows: r, sha256: hashes?.[i] ?? `h${i}` }));

/** Segments of each line drawn (the L commands of each path in the line layers). */
const linesIn = (svg: string) =>
  (svg.match(/<g class="mark-line role-mark[^"]*"[^>]*>(?:<path [^>]*\/>)*<\/g>/g) ?? []).flatMap((g) => (g.match(/ d="[^"]*"/g) ?? []).map((d) => (d.match(/L/g) ?? []).length));

const history = (pass: number, action: string, cluster: string, budget: number, out: number): ActionHistoryEntry => ({
  pass, action, cluster, population: 100, budget, out, headroom: Math.max(0, budget - out), candidates: 1, planned: 0, executed: 0, failed: 0, reason: null,
});

/** Symbols drawn: the paths inside the point layers' groups. */
const pointsIn = (svg: string) => (svg.match(/<g class="mark-symbol role-mark[^"]*"[^>]*>(?:<path [^>]*\/>)*<\/g>/g) ?? []).reduce((n, g) => n + (g.match(/<path /g) ?? []).length, 0);

describe('viewPoints', () => {
  it('marks the passes a drift flag is about: runs+1 of a growing view, runs of a stuck one', () => {
    const growing = analyzeTrend('grows', series([1, 1, 2, 3, 4]), 3);
    const stuck = analyzeTrend('stuck', series([5, 5, 5, 5, 5], ['a', 'a', 'b', 'b', 'b']), 3);
    const steady = analyzeTrend('steady', series([3, 1, 2, 1, 1]), 3);
    expect([growing.growing, stuck.stuck, steady.growing || steady.stuck]).toEqual([true, true, false]);
    const points = viewPoints([growing, stuck, steady], 3);
    expect(points.filter((p) => p.view === 'grows').map((p) => p.mark)).toEqual(['steady', 'growing', 'growing', 'growing', 'growing']);
    expect(points.filter((p) => p.view === 'stuck').map((p) => p.mark)).toEqual(['steady', 'steady', 'stuck', 'stuck', 'stuck']);
    expect(points.filter((p) => p.view === 'steady').every((p) => p.mark === 'steady')).toBe(true);
    expect([...new Set(points.map((p) => p.panel))]).toEqual(['grows (growing)', 'stuck (stuck)', 'steady']);
  });
});

describe('budgetPoints and the panels drawn', () => {
  it('gives budget, out and headroom per action, cluster and pass', () => {
    const points = budgetPoints([history(1, 'drain', 'dwh', 10, 4)]);
    expect(points).toEqual([
      { panel: 'drain \u00b7 dwh', action: 'drain', cluster: 'dwh', pass: 1, measure: 'budget', value: 10 },
      { panel: 'drain \u00b7 dwh', action: 'drain', cluster: 'dwh', pass: 1, measure: 'out', value: 4 },
      { panel: 'drain \u00b7 dwh', action: 'drain', cluster: 'dwh', pass: 1, measure: 'headroom', value: 6 },
    ]);
  });

  it('keeps the clusters closest to their budget at the last pass, and names the rest', () => {
    const rows = [history(1, 'a', 'c1', 10, 9), history(2, 'a', 'c1', 10, 1), history(2, 'a', 'c2', 10, 5), history(2, 'a', 'c3', 0, 0), history(2, 'a', 'c4', 4, 4)];
    const s = selectBudgetPanels(budgetPoints(rows), 2);
    expect([...new Set(s.points.map((p) => p.cluster))]).toEqual(['c2', 'c4']);
    expect(s.omitted).toEqual(['a \u00b7 c1', 'a \u00b7 c3']);
    expect(selectBudgetPanels(budgetPoints(rows)).omitted).toEqual([]);
  });

  it('keeps flagged views first, then those that moved most', () => {
    const t = [analyzeTrend('a', series([1, 1, 1, 1, 1]), 3), analyzeTrend('b', series([1, 9, 1, 1, 2]), 3), analyzeTrend('c', series([1, 2, 3, 4, 5]), 3)];
    const s = selectViewPanels(viewPoints(t, 3), 2);
    expect([...new Set(s.points.map((p) => p.view))]).toEqual(['b', 'c']);
    expect(s.omitted).toEqual(['a']);
  });
});

describe('the charts drawn', () => {
  const trends = [analyzeTrend('<b>v1</b>', series([1, 2, 3, 4]), 3), analyzeTrend('v2', series([7, 7, 7, 7]), 3)];
  const points = viewPoints(trends, 3);

  it("draw one point per view and today's pass, and a line through every pass of the days, with no warning, as text", async () => {
    const warnings: string[] = [];
    const today = await renderChart(viewsTodaySpec(points.filter((p) => p.day === '2026-11-24')), warnings);
    const days = await renderChart(viewsDaysSpec(points), warnings);
    expect(warnings).toEqual([]);
    expect(pointsIn(today)).toBe(2 * 2);
    // Over the days: a point only where a flag is (v1 grew at each of its last 3 passes: 4 points), and per view
    // one step line through each of its 4 passes (M, then a horizontal and a vertical segment per later pass).
    expect(pointsIn(days)).toBe(4);
    expect(linesIn(days)).toEqual([6, 6]);
    expect(today.startsWith('<svg')).toBe(true);
    expect(today).not.toContain('<b>');
    expect(today).toContain('&lt;b&gt;v1&lt;/b&gt;');
    expect(today).not.toMatch(/\sstyle=/);
  });

  it('draw budget, out and headroom for each action, cluster and pass', async () => {
    const warnings: string[] = [];
    const rows = [1, 2, 3].flatMap((pass) => [history(pass, 'drain', 'dwh', 10, pass), history(pass, 'drain', 'etl', 3, 3), history(pass, 'rekick', 'dwh', 10, 0)]);
    const svg = await renderChart(budgetSpec(budgetPoints(rows)), warnings);
    expect(warnings).toEqual([]);
    expect(pointsIn(svg)).toBe(3 * 3 * 3);
  });

  it('writes coordinates to a tenth of a pixel and leaves text alone', () => {
    expect(compactSvg('<path d="M1.23456,2.5L-3.14159,0" transform="translate(10.05,3)"/><text>1.23456</text>')).toBe(
      '<path d="M1.2,2.5L-3.1,0" transform="translate(10.1,3)"/><text>1.23456</text>',
    );
  });
});

describe('a day of many passes', () => {
  it('draws its lines without a symbol per pass, but still marks the flagged ones', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ day: '2026-11-24', pass: i + 1, at: new Date(Date.UTC(2026, 10, 24, 0, i * 10)).toISOString(), rows: i, sha256: `h${i}` }));
    const points = viewPoints([analyzeTrend('grows', many, 3)], 3);
    const warnings: string[] = [];
    const svg = await renderChart(viewsTodaySpec(points), warnings);
    expect(warnings).toEqual([]);
    expect(pointsIn(svg)).toBe(4);
    const budget = await renderChart(budgetSpec(budgetPoints(many.map((p) => history(p.pass, 'a', 'c', 10, 1)))), warnings);
    expect(pointsIn(budget)).toBe(0);
    expect(linesIn(budget)).toEqual([59, 59, 59]);
  });
});
