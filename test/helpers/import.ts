import { join } from 'node:path';
import { parseConfig, type Config } from '../../src/config/load.js';
import { openStateDb, type StateDb } from '../../src/db/open.js';
import { nullTranscript } from '../../src/util/transcript.js';
import type { ImportReport } from '../../src/sources/import-source.js';
import { importSources } from '../../src/sources/import-sources.js';
import { Workspace } from '../../src/workspace.js';
import { makeWorkspace, writeFiles } from './cli.js';

export const TEST_DAY = '2026-11-23';

/** An in-process workspace for importer tests: config text + files, one day's state.db. */
export class TestWorkspace {
  readonly ws: Workspace;
  config: Config;
  state: StateDb | undefined;

  constructor(configText: string, files: Record<string, string | Buffer> = {}) {
    const dir = makeWorkspace({ 'breakfix.yaml': configText, ...files });
    this.ws = new Workspace(dir, TEST_DAY);
    this.config = parseConfig(configText, join(dir, 'breakfix.yaml'));
  }

  get dir(): string {
    return this.ws.dir;
  }

  write(files: Record<string, string | Buffer>): void {
    writeFiles(this.dir, files);
  }

  async db(): Promise<StateDb> {
    this.state ??= await openStateDb(this.ws.dbFile);
    return this.state;
  }

  async import(names: string[] = [], force = false): Promise<ImportReport[]> {
    const state = await this.db();
    return importSources(state, this.ws, this.config, names, { pass: null, force, clock: () => new Date('2026-11-23T12:00:00Z'), transcript: nullTranscript });
  }

  async rows(sql: string, ...params: unknown[]): Promise<Record<string, unknown>[]> {
    return (await this.db()).raw.prepare(sql).all(...params) as Record<string, unknown>[];
  }

  async close(): Promise<void> {
    await this.state?.close();
    this.state = undefined;
  }
}
