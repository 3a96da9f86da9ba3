#!/usr/bin/env node
/**
 * What the day's report costs on a large fleet: a generated workspace
 * (bench/generate.ts) with a pass on one day and a day of passes on the next,
 * whose inputs were generated from another seed (every view changes: the
 * worst case for the "changes since the day before" section), then
 * `breakfix report` timed as a whole process, and the page's size.
 *
 *   node dist/bench/report-page.js [--hosts 100k] [--passes 24] [--out DIR]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWorkspace, parseCount } from './generate.js';
import { HOST_LISTS } from './fleet-model.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'bundle', 'breakfix.js');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const hosts = parseCount(arg('--hosts', '100k'));
const passes = Number(arg('--passes', '24'));
const out = resolve(arg('--out', join(tmpdir(), `bf-report-bench-${hosts}`)));

function breakfix(now: string, ...args: string[]): { seconds: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, '-C', out, ...args], { encoding: 'utf8', env: { ...process.env, BREAKFIX_NOW: now, NO_COLOR: '1' }, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0 && r.status !== 3) throw new Error(`breakfix ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

rmSync(out, { recursive: true, force: true });
log(`generating ${hosts} hosts in ${out}`);
const first = generateWorkspace({ hosts, seed: 1, out, metricsVariant: true });
const day1 = first.now;
log(`day 1: one pass at ${day1}`);
breakfix(day1, '-q', 'pass', '--execute');

// Day 2: the same fleet generated from another seed, so every view changes.
const other = generateWorkspace({ hosts, seed: 2, out: join(out, 'seed2'), metricsVariant: true });
for (const f of ['inventory.tsv', ...HOST_LISTS, 'metrics.tsv']) copyFileSync(join(other.dir, 'inputs', f), join(out, 'inputs', f));
const day2Start = Date.parse(day1) + 86_400_000;
const passTimes: number[] = [];
for (let i = 0; i < passes; i++) {
  // Every second pass sees the next scrape of metrics; the pass after it sees the same files again.
  copyFileSync(join(other.dir, Math.floor(i / 2) % 2 === 0 ? 'inputs/metrics.tsv' : 'metrics-v1.tsv'), join(out, 'inputs', 'metrics.tsv'));
  const now = new Date(day2Start + i * 3_600_000).toISOString();
  passTimes.push(breakfix(now, '-q', 'pass', '--execute').seconds);
}
const day2 = new Date(day2Start).toISOString().slice(0, 10);
const transcript = readFileSync(join(out, 'runs', day2, 'transcript.log'), 'utf8');
const passReports = [...transcript.matchAll(/ report runs\/\S+: (\d+) bytes, (\d+) passes, in (\d+)ms/g)].map((m) => Number(m[3]));
const skipped = [...transcript.matchAll(/ report runs\/\S+: not rebuilt/g)].length;

const now = new Date(day2Start + passes * 3_600_000).toISOString();
const runs = [0, 1, 2].map(() => {
  const r = breakfix(now, '--day', day2, '--json', 'report', '-o', join(out, 'bench-report.html'));
  return { wall: r.seconds, inside: (JSON.parse(r.stdout) as { seconds: number }).seconds };
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bytes = statSync(join(out, 'bench-report.html')).size;
const pageBytes = statSync(join(out, 'runs', day2, 'report.html')).size;
mkdirSync(out, { recursive: true });
console.log(`hosts ${hosts}, ${passes} passes on ${day2} (after 1 on the day before)`);
console.log(`breakfix report: ${median(runs.map((r) => r.wall)).toFixed(2)} s per process (median of 3; ${median(runs.map((r) => r.inside)).toFixed(2)} s building the page), ${(bytes / 1e6).toFixed(2)} MB`);
console.log(`passes: median ${median(passTimes).toFixed(2)} s each; the pass's report step: ${passReports.length} rebuilt (median ${passReports.length > 0 ? median(passReports) : 0} ms), ${skipped} not rebuilt (changed nothing); runs/${day2}/report.html ${(pageBytes / 1e6).toFixed(2)} MB`);
