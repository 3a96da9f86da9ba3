import { cpSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as ConfigLoad from '../../src/config/load.js';
import type * as DbOpen from '../../src/db/open.js';
import type * as Transcript from '../../src/util/transcript.js';
import type * as ImportSources from '../../src/sources/import-sources.js';
import type * as WorkspaceModule from '../../src/workspace.js';
import { BASE_WORKSPACE, CORPUS_INPUTS, DAY1 } from '../corpus/base-workspace.js';
import { CASES, type CorpusCase } from '../corpus/cases.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Parsing on a worker thread (src/sources/parse-in-worker.ts) must change
 * nothing but the time: the same rows in the same tables, the same reports,
 * the same errors at the same lines. Every source kind of the bad-input
 * corpus's base workspace, and every hostile input of the corpus, is
 * imported both ways and the outcomes compared.
 */

// The built modules (test/global-setup.ts builds dist/): a worker thread runs
// dist/src/sources/parse-worker.js, which the TypeScript sources under test
// would look for beside themselves, as .js, and not find.
const dist = (path: string) => new URL(`../../dist/src/${path}`, import.meta.url).href;
const { loadConfig } = (await import(dist('config/load.js'))) as typeof ConfigLoad;
const { openStateDb } = (await import(dist('db/open.js'))) as typeof DbOpen;
const { nullTranscript } = (await import(dist('util/transcript.js'))) as typeof Transcript;
const { importSources } = (await import(dist('sources/import-sources.js'))) as typeof ImportSources;
const { Workspace } = (await import(dist('workspace.js'))) as typeof WorkspaceModule;

type Mode = 'here' | 'worker';

interface Outcome {
  readonly reports: unknown;
  readonly tables: Record<string, unknown[]>;
}

/** Every input dated the same in both copies: formats without timestamps take the file's. */
const INPUTS_MTIME = new Date(`${DAY1}T11:00:00Z`);

async function importAll(files: CorpusCase['files'], mode: Mode, only: string[] = []): Promise<Outcome> {
  const dir = tempDir(`bf-parse-${mode}-`);
  cpSync(BASE_WORKSPACE, dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.path), f.generate ? f.generate() : readFileSync(join(CORPUS_INPUTS, f.from!)));
  for (const f of readdirSync(join(dir, 'inputs'))) utimesSync(join(dir, 'inputs', f), INPUTS_MTIME, INPUTS_MTIME);
  const ws = new Workspace(dir, DAY1);
  const config = loadConfig(dir);
  const state = await openStateDb(ws.dbFile);
  try {
    const reports = await importSources(state, ws, config, only, {
      pass: null,
      force: false,
      clock: () => new Date(`${DAY1}T12:00:00Z`),
      transcript: nullTranscript,
      parseWorkerMinBytes: mode === 'worker' ? 0 : Number.POSITIVE_INFINITY,
    });
    const tables: Record<string, unknown[]> = {};
    const names = state.raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'kysely%' ORDER BY name`).pluck().all() as string[];
    for (const name of names) {
      const cols = (state.raw.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(name) as string[]).filter((c) => !/^(started_ms|finished_ms|file_stat|file)$/.test(c));
      tables[name] = state.raw.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${name}" ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`).raw(true).all();
    }
    // The two copies live in different directories; that is the one difference allowed.
    const comparable = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(dir, '<ws>')) as unknown;
    return { reports: comparable(reports.map(({ seconds: _s, ...r }) => r)), tables: comparable(tables) as Outcome['tables'] };
  } finally {
    await state.close();
  }
}

const inputCases = CASES.filter((c) => !['config', 'view', 'cli'].includes(c.attacks) && c.files.every((f) => f.path.startsWith('inputs/')));

describe('parsing on a worker thread', () => {
  it('loads every kind of the corpus base workspace exactly as parsing here does', async () => {
    const here = await importAll([], 'here');
    const worker = await importAll([], 'worker');
    expect((here.reports as { status: string }[]).every((r) => r.status === 'ok')).toBe(true);
    // The HDFS sources' second tables come through the worker too: the report's and the JMX document's health, DecomNodes' progress.
    expect(here.tables['hdfs_health']).toHaveLength(2);
    expect(here.tables['hdfs_decommission_progress']).toHaveLength(2);
    expect(worker).toEqual(here);
  });

  it.each(inputCases.map((c) => [c.id, c] as const))('%s: the same outcome both ways', async (_id, c) => {
    const only = c.attacks === 'inventory' ? ['inventory'] : ['inventory', c.attacks];
    const here = await importAll(c.files, 'here', only);
    const worker = await importAll(c.files, 'worker', only);
    expect(worker.reports).toEqual(here.reports);
    expect(worker.tables).toEqual(here.tables);
  });
});
