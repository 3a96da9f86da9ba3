import { UsageError } from '../errors.js';
import { prepareDay } from '../pass/day-state.js';
import { previousPass } from '../pass/history.js';
import { writePlans, type PlannedAction } from '../pass/plan-step.js';
import { planContext } from '../pass/step-context.js';
import { deriveSeed } from '../policy/rng.js';
import { createViews, loadViews } from '../views/create-views.js';
import type { Env } from '../config/env.js';
import { withLockedState } from './locked-state.js';

/** Check that every named action exists; an unknown one is a usage error listing the configured ones. */
export function checkActionNames(names: readonly string[], configured: readonly { name: string }[]): void {
  const unknown = names.filter((n) => !configured.some((a) => a.name === n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown action${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; configured: ${configured.map((a) => a.name).join(', ') || '(none)'}`);
  }
}

/**
 * `breakfix plan [ACTION...] [--seed N]`: plan from what is imported, write
 * plan/<action> and plan/<action>.json. Never acts.
 */
export function runPlan(env: Env, names: readonly string[], opts: { seed: number | undefined }): Promise<{ day: string; seed: number; planned: PlannedAction[]; warnings: string[] }> {
  return withLockedState(
    env,
    'breakfix plan',
    ({ config, ws, state, lockWarnings }) => {
      const day = prepareDay(state, ws, env.clock().getTime());
      const defs = loadViews(ws);
      createViews(state.raw, config, defs, { temp: false });
      const seed = opts.seed ?? deriveSeed(0, ws.day, 'plan', String(env.clock().getTime()));
      const previous = previousPass(state.raw, ws, null, day.earlier);
      const planned = writePlans(planContext(state.raw, config, day, { pass: null, seed, now: env.clock(), views: defs, previous }), ws.planDir, names);
      return { day: ws.day, seed, planned, warnings: [...lockWarnings, ...day.warnings] };
    },
    (config) => checkActionNames(names, config.actions),
  );
}
