import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildSimWorkspace, HOSTILE, type SimWorkspace } from '../report/sim-workspace.js';

/**
 * The report in a real browser: Debian's chromium, driven by playwright-core
 * (never a downloaded browser). Without /usr/bin/chromium the tests are
 * skipped with a loud message, unless BREAKFIX_REQUIRE_BROWSER=1 (CI), which
 * makes that a failure.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
const required = process.env['BREAKFIX_REQUIRE_BROWSER'] === '1';
if (!haveBrowser && !required) {
  process.stderr.write(`\n*** test/cli/report-browser.test.ts: ${CHROMIUM} is missing: the report's browser tests are SKIPPED (apt-get install -y chromium; CI sets BREAKFIX_REQUIRE_BROWSER=1) ***\n\n`);
}

/** Where the screenshot for review goes. */
export const SCREENSHOT_DIR = join(tmpdir(), 'breakfix-report-screenshots');

describe.skipIf(!haveBrowser && !required)('the report in headless Chromium', () => {
  let ws: SimWorkspace;
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`BREAKFIX_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing (apt-get install -y chromium)`);
    ws = buildSimWorkspace();
    file = join(ws.dir, 'runs', ws.day2, 'report.html');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Open the page, recording every request, console message, page error and dialog. */
  async function open(width = 1280) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    return { page, requests, problems };
  }

  it('loads with no console error and no request but the page itself, and a screenshot is written', async () => {
    const { page, requests, problems } = await open();
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shot = join(SCREENSHOT_DIR, 'report.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    process.stderr.write(`report screenshot: ${shot}\n`);
    await page.close();
  });

  it('has the charts, with one point per view and pass (what trend reports) and per action, cluster, pass and measure', async () => {
    const trend = JSON.parse(runCli(ws.dir, ['--json', '--day', ws.day2, 'trend'], { env: { BREAKFIX_NOW: ws.now } }).stdout) as {
      trends: { view: string; points: { day: string }[]; growing: boolean; stuck: boolean }[];
    };
    const views = trend.trends.length;
    const today = trend.trends.reduce((n, t) => n + t.points.filter((p) => p.day === ws.day2).length, 0);
    const all = trend.trends.reduce((n, t) => n + t.points.length, 0);
    // Over the days only the passes a drift flag is about get a point (trend's --runs 3).
    const flagged = trend.trends.reduce((n, t) => n + Math.min(t.points.length, t.growing ? 4 : t.stuck ? 3 : 0), 0);
    expect(views).toBeGreaterThan(20);
    expect(today).toBe(views * 3);
    expect(all).toBe(views * 5);
    expect(flagged).toBeGreaterThan(0);
    // The example has 3 actions and 4 clusters; 16 panels are drawn at most (the closest to budget).
    const { page } = await open();
    const points = (id: string) => page.locator(`#${id} svg g.mark-symbol.role-mark > path`).count();
    expect(await points('chart-views-today')).toBe(today);
    expect(await points('chart-views-days')).toBe(flagged);
    // One step line per view through its 5 passes: M, then a horizontal and a vertical segment per later pass.
    const lines = await page.locator('#chart-views-days svg g.mark-line.role-mark > path').evaluateAll((ps) => ps.map((p) => (p.getAttribute('d')!.match(/L/g) ?? []).length));
    expect(lines).toEqual(Array.from({ length: views }, () => 2 * (5 - 1)));
    expect(await points('chart-budget')).toBe(3 * 4 * 3 * 3);
    // Readable without the script: the charts are plain SVG in the page.
    for (const id of ['chart-views-today', 'chart-views-days', 'chart-budget']) {
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(100);
    }
    await page.close();
  });

  it('the search box filters the diff tables', async () => {
    const { page, problems } = await open();
    const box = page.locator('#diff-search');
    await expect(box.isVisible()).resolves.toBe(true);
    const rows = page.locator('.diffview tr[data-row]');
    const visible = () => page.locator('.diffview:not(.no-match) tr[data-row]:not(.no-match)').count();
    const total = await rows.count();
    expect(total).toBeGreaterThan(10);
    expect(await visible()).toBe(total);
    const host = (await rows.first().locator('td.mono').first().textContent())!;
    const expected = (await rows.allTextContents()).filter((t) => t.toLowerCase().includes(host.toLowerCase())).length;
    await box.fill(host);
    expect(await visible()).toBe(expected);
    expect(expected).toBeLessThan(total);
    await expect(page.locator('#diff-search-status').textContent()).resolves.toMatch(new RegExp(`^${expected} matching rows$`));
    await box.fill('no-such-host-anywhere');
    expect(await visible()).toBe(0);
    await expect(page.locator('#diff-search-status').textContent()).resolves.toBe('0 matching rows');
    await box.fill('');
    expect(await visible()).toBe(total);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the search finds hosts beyond the rows shown, from the JSON block', async () => {
    const { page, problems } = await open();
    const index = JSON.parse((await page.locator('#diff-index').textContent())!) as Record<string, { removed: string[]; added: string[] }>;
    const [view, more] = Object.entries(index).find(([, m]) => m.added.length + m.removed.length > 0)!;
    const host = [...more.added, ...more.removed][0]!;
    const block = page.locator(`.diffview[data-view="${view}"]`);
    const shown = await block.locator('tr[data-row]').allTextContents();
    expect(shown.some((t) => t.includes(host))).toBe(false);
    await page.locator('#diff-search').fill(host);
    expect(await block.evaluate((e) => e.classList.contains('no-match'))).toBe(false);
    await expect(block.locator('.more-matches li').allTextContents()).resolves.toContain(more.added.includes(host) ? `+ ${host}` : `\u2212 ${host}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a hostile inventory value stays text: no element, no script run', async () => {
    const { page, problems } = await open();
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    const text = await page.locator('#diff').innerText();
    expect(text).toContain(HOSTILE);
    await page.locator('#diff-search').fill('__pwned');
    expect(await page.locator('.diffview:not(.no-match) tr[data-row]:not(.no-match)').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('prints sensibly: no search box, long tables unclipped', async () => {
    const { page } = await open();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.search').isVisible()).toBe(false);
    expect(await page.locator('nav').isVisible()).toBe(false);
    const clipped = await page.locator('.scroll').evaluateAll((els) => els.filter((e) => e.scrollHeight > e.clientHeight + 1).length);
    expect(clipped).toBe(0);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
