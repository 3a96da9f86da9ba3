import { resolve } from 'node:path';
import { loadConfig, type Config } from './load.js';
import { UsageError } from '../errors.js';
import { resolveDay, Workspace } from '../workspace.js';

/** What every operation needs from the outside world: where, when, and which day. */
export interface Env {
  /** The workspace directory (`-C DIR`). */
  readonly dir: string;
  /** `--day` as given (YYYY-MM-DD, today, yesterday), or undefined for today. */
  readonly daySpec: string | undefined;
  readonly clock: () => Date;
}

/**
 * The clock: the system's, or — for replayable runs, the demo and the
 * end-to-end tests — `BREAKFIX_NOW` (ISO-8601), which then advances with real
 * time so durations stay meaningful.
 */
export function systemClock(nowSpec = process.env['BREAKFIX_NOW']): () => Date {
  if (nowSpec === undefined || nowSpec === '') return () => new Date();
  const fixed = Date.parse(nowSpec);
  if (Number.isNaN(fixed)) throw new UsageError(`BREAKFIX_NOW: expected an ISO-8601 time like 2026-11-23T10:00:00Z, got "${nowSpec}"`);
  const startedAt = Date.now();
  return () => new Date(fixed + (Date.now() - startedAt));
}

export function makeEnv(dir: string | undefined, daySpec: string | undefined, clock = systemClock()): Env {
  return { dir: resolve(dir ?? '.'), daySpec, clock };
}

/** Load the config and resolve the day: the start of every command that reads a workspace. */
export function openWorkspace(env: Env): { config: Config; ws: Workspace } {
  const config = loadConfig(env.dir);
  const day = resolveDay(env.daySpec, config.timezone, env.clock());
  return { config, ws: new Workspace(env.dir, day) };
}
