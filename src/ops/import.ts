import { acquireLock } from '../act/lock.js';
import { openStateDb } from '../db/open.js';
import { Transcript } from '../pass/transcript.js';
import { importSources } from '../sources/import-sources.js';
import type { ImportOptions, ImportReport } from '../sources/import-source.js';
import { openWorkspace, type Env } from './env.js';
import { writeSettings } from './settings.js';

export interface ImportOutcome {
  readonly day: string;
  readonly reports: readonly ImportReport[];
  /** Set when a stale lock (dead pid) was taken over. */
  readonly warnings: readonly string[];
}

/** `breakfix import [SOURCE...]`: import under the workspace lock into the day's state.db. */
export async function runImport(
  env: Env,
  names: readonly string[],
  opts: { force: boolean; progress?: ImportOptions['progress'] },
): Promise<ImportOutcome> {
  const { config, ws } = openWorkspace(env);
  const lock = acquireLock(ws.lockFile, `breakfix import ${names.join(' ')}`.trim(), env.clock());
  const warnings = lock.tookOverFrom
    ? [`took over a stale lock of pid ${lock.tookOverFrom.pid} on ${lock.tookOverFrom.host} (since ${lock.tookOverFrom.started}): that process is gone`]
    : [];
  try {
    const state = await openStateDb(ws.dbFile);
    try {
      writeSettings(state.raw, config, env.clock());
      const transcript = new Transcript(ws.transcriptFile, env.clock);
      transcript.write('import', `breakfix import ${names.join(' ')} (day ${ws.day}, pid ${process.pid})`);
      const reports = await importSources(state, ws, config, names, {
        pass: null,
        force: opts.force,
        clock: env.clock,
        transcript,
        ...(opts.progress ? { progress: opts.progress } : {}),
      });
      return { day: ws.day, reports, warnings };
    } finally {
      await state.close();
    }
  } finally {
    lock.release();
  }
}
