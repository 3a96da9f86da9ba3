import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/workspace-lock.js';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli, tempDir, writeFiles } from '../helpers/cli.js';
import { buildSimWorkspace, HOSTILE, type SimWorkspace } from '../report/sim-workspace.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('breakfix report on a simulator workspace', () => {
  let ws: SimWorkspace;
  beforeAll(() => {
    ws = buildSimWorkspace();
  }, 240_000);

  it('every pass wrote runs/DAY/report.html, ending with the latest', () => {
    for (const day of [ws.day1, ws.day2]) expect(existsSync(join(ws.dir, 'runs', day, 'report.html'))).toBe(true);
    const page = readFileSync(join(ws.dir, 'runs', ws.day2, 'report.html'), 'utf8');
    expect(page).toContain(`<h1>breakfix report: ${ws.day2}</h1>`);
    expect(page).toContain('3 passes · built after pass 3');
    const transcript = readFileSync(join(ws.dir, 'runs', ws.day2, 'transcript.log'), 'utf8');
    expect(transcript.match(/ report runs\/2026-11-24\/report\.html: \d+ bytes, \d passes, in \d+ms/g)).toHaveLength(3);
  });

  it('writes the day as one page, read-only: no lock taken, state.db untouched', () => {
    const db = join(ws.dir, 'runs', ws.day2, 'state.db');
    const before = [sha(db), statSync(db).mtimeMs];
    // Another process holds the workspace lock: a pass would exit 75; the report does not need it.
    const lock = acquireLock(join(ws.dir, 'runs', '.lock'), 'breakfix pass');
    try {
      expect(runCli(ws.dir, ['pass'], { env: { BREAKFIX_NOW: ws.now } }).code).toBe(75);
      const r = runCli(ws.dir, ['--day', ws.day2, 'report', '-o', join(ws.dir, 'out.html')], { env: { BREAKFIX_NOW: ws.now } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/out\.html: report of 2026-11-24 \(3 passes, [\d.]+ (KB|MB)\) in [\d.]+s\n$/);
    } finally {
      lock.release();
    }
    expect([sha(db), statSync(db).mtimeMs]).toEqual(before);
    const page = readFileSync(join(ws.dir, 'out.html'), 'utf8');
    for (const id of ['glance', 'story', 'charts', 'diff', 'plans', 'journal', 'inputs', 'pause', 'glossary']) expect(page).toContain(`<section id="${id}">`);
    expect(readdirTmp(ws.dir)).toEqual([]);
  });

  it('tells each pass: ok, paused and dry run, with who paused and why', () => {
    const r = runCli(ws.dir, ['--json', 'report', '-o', join(ws.dir, 'story.html')], { env: { BREAKFIX_NOW: ws.now } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ day: ws.day2, passes: 3, file: join(ws.dir, 'story.html') });
    const page = readFileSync(join(ws.dir, 'story.html'), 'utf8');
    expect(page).toContain('<span class="badge s-ok">ok</span>');
    expect(page).toContain('<span class="badge s-paused">paused</span>');
    expect(page).toContain('<span class="badge s-dry-run">dry run</span>');
    expect(page).toContain('Pass 2 at 12:00:00, with --execute (allowed to act): paused');
    expect(page).toContain('&quot;change freeze (INC-5678)&quot;. A paused pass still imports, exports and plans');
    expect(page).toContain('Pass 3 at 12:00:00, as a dry run (plans only; nothing is run without --execute): dry run');
    expect(page).toContain('Changes since 2026-11-23');
  });

  it('shows a hostile inventory value as text', () => {
    const page = readFileSync(join(ws.dir, 'runs', ws.day2, 'report.html'), 'utf8');
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('&lt;img src=x onerror=window.__pwned=1&gt;&lt;/script&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;');
    expect(page.match(/<script\b/g)).toHaveLength(2);
  });

  it('-o FILE: relative to where it runs, links to the view files by relative path', () => {
    const out = tempDir('bf-report-out-');
    const r = runCli(ws.dir, ['report', '-o', 'day.html'], { env: { BREAKFIX_NOW: ws.now }, cwd: out });
    expect(r.code).toBe(0);
    const page = readFileSync(join(out, 'day.html'), 'utf8');
    expect(page).toMatch(/href="(\.\.\/)+[^"]*\/runs\/2026-11-24\/drain-candidates"/);
    const beside = readFileSync(join(ws.dir, 'runs', ws.day2, 'report.html'), 'utf8');
    expect(beside).toContain('href="../2026-11-23/drain-candidates"');
    expect(beside).toContain('href="drain-candidates"');
    expect(beside).toContain('href="plan/drain"');
  });

  it('usage errors: --days, -o, a day without a database', () => {
    const env = { BREAKFIX_NOW: ws.now };
    expect(runCli(ws.dir, ['report', '--days', '0'], { env })).toMatchObject({ code: 2, stderr: 'breakfix: --days: expected a whole number of days >= 1, got 0\n' });
    expect(runCli(ws.dir, ['report', '--days', 'x'], { env })).toMatchObject({ code: 2, stderr: 'breakfix: --days: expected a whole number of days >= 1, got "x"\n' });
    expect(runCli(ws.dir, ['report', '-o', ws.dir], { env })).toMatchObject({ code: 2, stderr: `breakfix: -o: ${ws.dir} is a directory: give a file name, like report.html\n` });
    expect(runCli(ws.dir, ['report', '-o', join(ws.dir, 'nope', 'r.html')], { env })).toMatchObject({ code: 2, stderr: `breakfix: -o: ${join(ws.dir, 'nope')}: no such directory\n` });
    const r = runCli(ws.dir, ['--day', '2026-01-01', 'report'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`breakfix: ${join(ws.dir, 'runs', '2026-01-01', 'state.db')}: no state.db for this day (run "breakfix import" or "breakfix pass" first, or pick another --day)\n`);
  });
});

/** Temporary files left beside the pages (there must be none). */
function readdirTmp(dir: string): string[] {
  return [dir, join(dir, 'runs', '2026-11-24')].flatMap((d) => readdirSync(d).filter((n) => n.includes('.tmp-')));
}

describe('a pass rewrites the page only when it changed something', () => {
  it('same inputs, views, plans and journal: not rebuilt; an input changes: rebuilt', () => {
    const broken = [hostName('alpha', 1), hostName('alpha', 2), hostName('alpha', 3)];
    const dir = makeWorkspace(fleetFiles({ clusters: { alpha: 40 }, broken, run: ['true', '{hosts_file}'] }));
    const env = { BREAKFIX_NOW: '2026-11-24T10:00:00Z' };
    const page = join(dir, 'runs', '2026-11-24', 'report.html');
    const transcript = join(dir, 'runs', '2026-11-24', 'transcript.log');

    expect(runCli(dir, ['pass', '--seed', '7'], { env }).code).toBe(0);
    const first = readFileSync(page, 'utf8');
    expect(first).toContain('1 pass · built after pass 1');

    expect(runCli(dir, ['pass', '--seed', '7'], { env }).code).toBe(0);
    expect(readFileSync(page, 'utf8')).toBe(first);
    expect(readFileSync(transcript, 'utf8')).toContain(' report runs/2026-11-24/report.html: not rebuilt, this pass changed nothing it shows (same inputs, views, plans, journal and pause)\n');

    writeFiles(dir, { 'inputs/broken': [...broken, hostName('alpha', 4)].join('\n') + '\n' });
    expect(runCli(dir, ['pass', '--seed', '7'], { env }).code).toBe(0);
    expect(readFileSync(page, 'utf8')).toContain('3 passes · built after pass 3');

    // A pause is a change too.
    expect(runCli(dir, ['pause', '--reason', 'freeze'], { env }).code).toBe(0);
    expect(runCli(dir, ['pass', '--seed', '7'], { env }).code).toBe(0);
    const paused = readFileSync(page, 'utf8');
    expect(paused).toContain('4 passes · built after pass 4');
    expect(paused).toContain('<strong>Acting is paused</strong>');
  });

  it('a page that cannot be written is a warning: the pass still succeeds', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { alpha: 10 }, broken: [], run: ['true', '{hosts_file}'] }));
    mkdirSync(join(dir, 'runs', '2026-11-24', 'report.html'), { recursive: true }); // a directory where the page goes
    const r = runCli(dir, ['--json', 'pass'], { env: { BREAKFIX_NOW: '2026-11-24T10:00:00Z' } });
    expect(r.code).toBe(0);
    const warnings = (JSON.parse(r.stdout) as { warnings: string[] }).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^runs\/2026-11-24\/report\.html was not written: /);
  });
});
