import type { Config } from '../config/load.js';
import { UsageError } from '../errors.js';
import { dayIn, resolveDay } from '../workspace.js';
import type { Env } from '../config/env.js';

/**
 * Acting is for today only: `act` and `pass --execute` refuse any other
 * `--day` (exit 2). Yesterday's plans were made from yesterday's data and
 * budgets, and a day's journal is what keeps a host from being acted on
 * twice; acting "for" another day would bypass both. Today is the config's
 * time zone's date by this command's clock (BREAKFIX_NOW when set).
 */
export function requireToday(env: Env, config: Config, what: string): void {
  const now = env.clock();
  const today = dayIn(config.timezone, now);
  const day = resolveDay(env.daySpec, config.timezone, now);
  if (day === today) return;
  const given = env.daySpec === day ? day : `${env.daySpec} (${day})`;
  throw new UsageError(
    `${what}: --day ${given} is not today (${today} in ${config.timezone}, by this command's clock): breakfix acts only on today, ` +
      `with today's data, budgets and journal. Drop --day to act today` +
      (what.startsWith('pass') ? ', or drop --execute to replay that day as a dry run' : ', or use "breakfix plan" to see what another day would plan') +
      '.',
  );
}
