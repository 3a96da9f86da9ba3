import { openWorkspace, type Env } from '../config/env.js';
import { UsageError } from '../errors.js';
import { readTrendHistory, type TrendHistory } from '../pass/trend-history.js';

/**
 * `breakfix trend [VIEW...] [--days N] [--runs N]`: each view's size across
 * the passes of the last N days (read-only, every day's state.db), with the
 * growing and stuck flags; and the DataNodes whose decommission has not
 * moved for N passes running (NameNode JMX DecomNodes), across the days.
 */
export async function runTrend(
  env: Env,
  views: readonly string[],
  opts: { days: number; runs: number },
): Promise<TrendHistory> {
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new UsageError(`--days: expected a whole number of days >= 1, got ${opts.days}`);
  if (!Number.isInteger(opts.runs) || opts.runs < 2) throw new UsageError(`--runs: expected a whole number of passes >= 2, got ${opts.runs}`);
  const { ws } = openWorkspace(env);
  return readTrendHistory(ws, views, opts);
}
