#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../db/open.js';
import type { PassSummary } from '../pass/summary.js';
import { formatSummary } from '../pass/summary.js';
import { copyExampleWorkspace, SIM_CLI } from './workspace.js';

/**
 * `npm run demo`: the whole job of breakfix, on the example fleet, in under a
 * minute. It copies examples/hadoop-fleet into a fresh directory, starts the
 * fleet simulator there, and runs passes with --execute over three simulated
 * days — a NameNode reporting missing blocks, a paused pass and a day change
 * included — then shows diff and trend and the commands to try next.
 * Everything goes through the real CLI, as an operator would run it.
 */

const BREAKFIX = join(PROJECT_ROOT, 'dist', 'bundle', 'breakfix.js');
const SIM = SIM_CLI;
/** Simulated minutes between passes: six passes a day, so the demo crosses midnight twice. */
const TICK_MINUTES = 240;
const PASSES = 12;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(argv: readonly string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function mustRun(argv: readonly string[], env: Record<string, string> = {}): Run {
  const r = run(argv, env);
  if (r.code !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`demo: ${argv.slice(1).join(' ')} exited ${r.code}`);
  }
  return r;
}

const out = (text = '') => process.stdout.write(text + '\n');
const rule = (title: string) => out(`\n━━ ${title} ${'━'.repeat(Math.max(3, 72 - title.length))}`);

/** The sim clock, from what `sim init` and `sim tick` print (`..., now 2026-11-23T04:00:00Z`): one process less per pass than `sim now`. */
function simClock(printed: string): string {
  const m = /\bnow (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)/.exec(printed);
  if (!m) throw new Error(`demo: no sim clock in ${JSON.stringify(printed)}`);
  return m[1]!;
}

function createWorkspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'breakfix-demo-'));
  copyExampleWorkspace(ws);
  return ws;
}

/**
 * One line per pass: what each action planned per cluster; when an
 * invariant refused everything, that instead; when it refused one cluster,
 * that too.
 */
function passLine(s: PassSummary, at: string): string {
  const parts = s.actions.map((a) => {
    const planned = a.clusters.filter((c) => c.planned > 0).map((c) => `${c.cluster} ${c.planned}`);
    const total = a.clusters.reduce((n, c) => n + c.planned, 0);
    const how = s.paused ? 'held' : s.execute ? 'done' : 'planned';
    return `${a.action} ${total}${planned.length > 0 ? ` (${planned.join(', ')})` : ''}${total > 0 ? ` ${how}` : ''}`;
  });
  const status = s.paused ? 'PAUSED' : s.status;
  const refusal = s.actions.flatMap((a) => a.refused)[0];
  const nothing = s.actions.every((a) => a.clusters.every((c) => c.planned === 0));
  const what = refusal !== undefined && nothing ? `nothing done — ${refusal}` : parts.join('  ·  ');
  const line = `${at}  pass ${String(s.pass).padStart(2)}  ${status.padEnd(7)}  ${what}`;
  return refusal !== undefined && !nothing ? `${line}\n${' '.repeat(16)}  REFUSED ${refusal}` : line;
}

function main(): void {
  const started = Date.now();
  const ws = createWorkspace();
  rule('breakfix demo');
  out(`workspace: ${ws}`);
  out('fleet:     the example datacenter smf1 — 3,000 hosts, clusters dwh (default), archive (dense), etl (small), cache-prod (max 1)');
  let simOut = mustRun([SIM, 'init', '--dir', ws, '--seed', '1', '--hosts', '3000', '--tick-minutes', String(TICK_MINUTES)]).stdout;

  const summaries: PassSummary[] = [];
  let first: PassSummary | undefined;
  /** The pass that finds the metrics stale: it must do nothing, and say why. */
  let quiet: PassSummary | undefined;
  let pausedSummary: PassSummary | undefined;
  /** The pass during dwh's missing-blocks incident: hdfs-healthy refuses dwh's drains, the other clusters' go on. */
  let unhealthy: PassSummary | undefined;
  rule('passes (breakfix pass --execute, every 4 simulated hours)');
  for (let i = 0; i < PASSES; i++) {
    if (i > 0) simOut = mustRun([SIM, 'tick', '--dir', ws]).stdout;
    const now = simClock(simOut);
    const env = { BREAKFIX_NOW: now };
    const pausing = i === 7;
    if (i === 3) {
      // dwh's NameNode loses blocks (every replica of some blocks was on disks that failed together);
      // they are recovered by the next pass. hdfs-healthy must refuse dwh's drains meanwhile, and only dwh's.
      mustRun([SIM, 'namenode', '--dir', ws, '--cluster', 'dwh', '--missing-blocks', '12', '--ticks', '1']);
      out(`${now.slice(0, 16).replace('T', ' ')}  (dwh's NameNode reports 12 missing blocks: every replica of them was on disks that failed together)`);
    }
    if (i === 9) {
      // The metrics export stalls: its file is not rewritten for three hours.
      // inputs-fresh must stop every action until it is fresh again.
      const stale = Date.parse(now) / 1000 - 3 * 3600;
      utimesSync(join(ws, 'inputs', 'metrics.prom'), stale, stale);
      out(`${now.slice(0, 16).replace('T', ' ')}  (the Prometheus export stalls: inputs/metrics.prom was last written 3 hours ago)`);
    }
    if (pausing) {
      mustRun([BREAKFIX, '-C', ws, 'pause', '--reason', 'change freeze for the network maintenance (INC-5678)'], env);
      out(`${now.slice(0, 16).replace('T', ' ')}  breakfix pause --reason "change freeze for the network maintenance (INC-5678)"`);
    }
    const r = run([BREAKFIX, '-C', ws, '--json', 'pass', '--execute'], env);
    if (r.stdout.trim() === '') {
      process.stderr.write(r.stderr);
      throw new Error(`demo: pass ${i + 1} printed no summary (exit ${r.code})`);
    }
    const s = JSON.parse(r.stdout) as PassSummary;
    summaries.push(s);
    out(passLine(s, now.slice(0, 16).replace('T', ' ')));
    first ??= s;
    if (pausing) {
      pausedSummary = s;
      mustRun([BREAKFIX, '-C', ws, 'resume', '--reason', 'network maintenance done (INC-5678)'], env);
      out(`${' '.repeat(16)}  breakfix resume --reason "network maintenance done (INC-5678)"`);
    }
    if (i === 9) quiet = s;
    if (i === 3) unhealthy = s;
  }

  rule(`the first pass in full (runs/${first!.day}/transcript.log has it too)`);
  out(formatSummary(first!).trimEnd());
  if (unhealthy) {
    rule(`a drain refused by hdfs-healthy, for one cluster (pass ${unhealthy.pass} of ${unhealthy.day}, exit ${unhealthy.exitCode})`);
    const text = formatSummary(unhealthy);
    const from = text.indexOf('action drain');
    out(text.slice(from, text.indexOf('\n\n', from)).trimEnd());
  }
  if (quiet) {
    rule(`a pass that did nothing, and why (pass ${quiet.pass} of ${quiet.day}, exit ${quiet.exitCode})`);
    out(formatSummary(quiet).split('\n').filter((l) => !/^\S+\s+\d+\s+(-|[+-]\d+|new|same size.*)$/.test(l) && !l.startsWith('view ')).join('\n').trimEnd());
  }
  if (pausedSummary) {
    rule(`the paused pass (pass ${pausedSummary.pass} of ${pausedSummary.day}): planned, nothing run`);
    out(`PAUSED by ${pausedSummary.paused!.by} at ${pausedSummary.paused!.at}: ${pausedSummary.paused!.reason}`);
    for (const a of pausedSummary.actions) for (const c of a.commands) out(`  would have run: ${c}`);
  }

  const last = summaries[summaries.length - 1]!;
  const firstDay = summaries[0]!.day;
  const nowEnv = { BREAKFIX_NOW: simClock(simOut) };
  rule(`breakfix diff --stat  (${firstDay} → ${last.day}: what changed in the named sets)`);
  const diff = run([BREAKFIX, '-C', ws, 'diff', '--stat', '--from', firstDay, '--to', last.day], nowEnv);
  out((diff.stdout || diff.stderr).trimEnd());
  rule('breakfix trend  (view sizes pass by pass, across the days)');
  const trend = run([BREAKFIX, '-C', ws, 'trend', '--days', '7', 'drain-candidates', 'rekick-candidates', 'return-candidates', 'out-of-service', 'broken-workers', 'unresponsive'], nowEnv);
  out((trend.stdout || trend.stderr).trimEnd());

  const status = mustRun([SIM, 'status', '--dir', ws]).stdout.trimEnd();
  rule('the simulated fleet now (sim status)');
  out(status);

  rule('try next');
  const bf = `node ${BREAKFIX} -C ${ws}`;
  out(`export BREAKFIX_NOW=${nowEnv.BREAKFIX_NOW}   # the simulator's clock, so inputs are fresh`);
  out(`alias breakfix='node ${BREAKFIX}'`);
  for (const cmd of [
    'views',
    'query drain-candidates --format table',
    'explain dn0046',
    `diff drain-candidates --from ${firstDay} --to ${last.day}`,
    'journal',
    `sql "SELECT cluster, count(*) FROM out_of_service GROUP BY cluster"`,
    'plan --seed 7 && cat runs/*/plan/drain.json | head -40',
  ]) {
    out(`  ${bf.replace(`node ${BREAKFIX}`, 'breakfix')} ${cmd}`);
  }
  out(`  node ${SIM} tick --dir ${ws} && breakfix -C ${ws} pass --execute`);
  out(`  ls ${join(ws, 'runs', last.day)}   # every view as a sorted text file: comm, join, diff and grep work on them`);

  // Every pass that changed something rewrote its day's page; this is the last day's.
  const report = join(ws, 'runs', last.day, 'report.html');
  rule('the report (one self-contained HTML page per day, written by every pass)');
  out(`${report}`);
  out(`  open it in a browser: ${pathToFileURL(report).href}`);
  out(`  or make it again, for any day:  breakfix -C ${ws} --day ${firstDay} report -o /tmp/${firstDay}.html`);
  out(`\n(demo took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main();
