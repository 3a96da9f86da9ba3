import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Env } from '../config/env.js';
import { loadConfig, type Config } from '../config/load.js';
import { openStateDbReadOnly } from '../db/open.js';
import { ConfigError, EXIT, QueryError, UsageError } from '../errors.js';
import { checkNotReserved } from '../sources/source-tables.js';
import type { OrderedView } from '../views/dependencies.js';
import { loadViews } from '../views/create-views.js';
import { resolveDay, Workspace } from '../workspace.js';
import { enterDayForReading } from '../workspace-dirs.js';
import { matchSources, type SourceMatch } from './check-hosts.js';
import { compileViews, type CheckedView, type SourceSchemaNote, type ViewReferenceProblem } from './check-views.js';

export interface CheckOutcome {
  readonly config: { readonly file: string; readonly ok: boolean; readonly problems: readonly string[] };
  readonly day: string | null;
  readonly views: readonly CheckedView[];
  /** Config keys naming views that do not exist, or views lacking columns the config relies on. */
  readonly references: readonly ViewReferenceProblem[];
  /** What cannot be known without importing (source columns from a command's output...). */
  readonly schema: readonly SourceSchemaNote[];
  /** Per source, how many of its hosts the inventory does not know (when the day has been imported). */
  readonly sources: readonly SourceMatch[];
  readonly dayNote: string | null;
  /** 2: the config is wrong; 1: a view is; 0: everything compiles. */
  readonly exitCode: number;
}

/**
 * `breakfix check`: validate the config, compile every view against the
 * schema without importing (an in-memory database with the migrations and
 * empty source tables), and, when the day has been imported, report for each
 * source the share of its hosts the inventory does not know. Read-only.
 */
export async function runCheck(env: Env): Promise<CheckOutcome> {
  const file = resolve(env.dir, 'breakfix.yaml');
  let config: Config;
  try {
    config = loadConfig(env.dir);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const problems = err instanceof ConfigError ? [...err.problems] : [err.message];
    return { config: { file, ok: false, problems }, day: null, views: [], references: [], schema: [], sources: [], dayNote: null, exitCode: EXIT.usage };
  }
  const ws = new Workspace(env.dir, resolveDay(env.daySpec, config.timezone, env.clock()));
  const configProblems: string[] = [];
  for (const s of config.sources) {
    if (s.kind !== 'inventory' && s.kind !== 'hostlist' && s.kind !== 'table') continue;
    try {
      checkNotReserved(s.name, `sources.${s.name}`);
    } catch (err) {
      configProblems.push(`${config.file}: ${(err as Error).message}`);
    }
  }

  let defs: OrderedView[] | undefined;
  let views: CheckedView[] = [];
  try {
    defs = loadViews(ws);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    views = [{ view: '*', file: ws.queriesDir, status: 'error', message: err.message }];
  }

  enterDayForReading(ws);
  const dayDbExists = existsSync(ws.dbFile);
  const dayDb = dayDbExists ? openStateDbReadOnly(ws.dbFile) : undefined;
  try {
    const schema: SourceSchemaNote[] = [];
    let references: readonly ViewReferenceProblem[] = [];
    if (defs !== undefined) {
      const compiled = await compileViews(config, defs, dayDb?.raw, schema);
      views = compiled.views;
      references = compiled.references;
    }
    let sources: SourceMatch[] = [];
    let dayNote: string | null = null;
    if (dayDb === undefined) dayNote = `no import on ${ws.day} yet: run "breakfix import" to see how each source's hosts match the inventory`;
    else ({ sources, note: dayNote } = matchSources(dayDb.raw, config));
    const exitCode =
      configProblems.length > 0 || references.some((r) => r.kind === 'config')
        ? EXIT.usage
        : views.some((v) => v.status === 'error') || references.some((r) => r.kind === 'view')
          ? EXIT.error
          : EXIT.ok;
    return { config: { file: config.file, ok: configProblems.length === 0, problems: configProblems }, day: ws.day, views, references, schema, sources, dayNote, exitCode };
  } finally {
    await dayDb?.close();
  }
}
