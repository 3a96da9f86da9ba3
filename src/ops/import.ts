import { Transcript } from '../util/transcript.js';
import { importSources } from '../sources/import-sources.js';
import type { ImportOptions, ImportReport } from '../sources/import-source.js';
import type { Env } from '../config/env.js';
import { withLockedState } from './locked-state.js';
import { writeSettings } from '../db/settings.js';

export interface ImportOutcome {
  readonly day: string;
  readonly reports: readonly ImportReport[];
  /** Set when a stale lock (dead pid) was taken over. */
  readonly warnings: readonly string[];
}

/** `breakfix import [SOURCE...]`: import under the workspace lock into the day's state.db. */
export function runImport(env: Env, names: readonly string[], opts: { force: boolean; progress?: ImportOptions['progress'] }): Promise<ImportOutcome> {
  return withLockedState(env, `breakfix import ${names.join(' ')}`.trim(), async ({ config, ws, state, lockWarnings }) => {
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
    return { day: ws.day, reports, warnings: lockWarnings };
  });
}
