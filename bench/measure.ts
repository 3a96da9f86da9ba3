import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One whole-process run: wall seconds (measured here) and peak RSS (from `/usr/bin/time`). */
export interface Sample {
  readonly seconds: number;
  readonly rssKiB: number;
}

export interface RunSpec {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** A file fed to stdin (the sqlite3 script). */
  readonly stdinFile?: string;
  /** Exit codes that count as success (breakfix pass exits 3 when an invariant refuses; the bench config has none). */
  readonly okCodes?: readonly number[];
}

const TIME = '/usr/bin/time';

/**
 * Run a command as its own process under `/usr/bin/time -f %M` and return
 * its wall time and peak RSS. A failing command fails the benchmark with its
 * stderr: a timing of a broken run means nothing.
 */
export function measure(spec: RunSpec): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'bf-bench-time-'));
  const timeFile = join(dir, 'time');
  const stdin = spec.stdinFile !== undefined ? openSync(spec.stdinFile, 'r') : 'ignore';
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(TIME, ['-f', '%M', '-o', timeFile, ...spec.argv], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: [stdin, 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const ok = spec.okCodes ?? [0];
    if (r.error) throw r.error;
    if (r.status === null || !ok.includes(r.status)) {
      throw new Error(`${spec.argv.join(' ')} (in ${spec.cwd}) exited ${r.status ?? r.signal}:\n${String(r.stderr).slice(-4000)}`);
    }
    // time(1) writes "Command exited with non-zero status N" before the format line for failures.
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const rssKiB = Number(lines[lines.length - 1]);
    return { seconds, rssKiB: Number.isFinite(rssKiB) ? rssKiB : 0 };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median seconds and the largest peak RSS over several samples. */
export interface Summary {
  readonly seconds: number;
  readonly rssKiB: number;
  readonly runs: number;
}

export function summarize(samples: readonly Sample[]): Summary {
  return { seconds: median(samples.map((s) => s.seconds)), rssKiB: Math.max(...samples.map((s) => s.rssKiB)), runs: samples.length };
}

/** The rounds to keep: all, or those whose baseline time is within 1.5× of its median (never fewer than one). */
export function keptRounds(samples: readonly (readonly Sample[])[], baseline: number | undefined): number[] {
  const all = samples[0]!.map((_, r) => r);
  if (baseline === undefined) return all;
  const times = samples[baseline]!.map((s) => s.seconds);
  const m = median(times);
  const kept = all.filter((r) => times[r]! <= m * 1.5 && times[r]! >= m / 1.5);
  return kept.length > 0 ? kept : all;
}
