import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openStateDb, type StateDb } from '../../src/db/open.js';
import { finishPass, recordActions, recordViews, startPass } from '../../src/pass/history.js';
import { keyOfReportFile, reportKeyOf } from '../../src/report/key.js';
import { Workspace } from '../../src/workspace.js';
import { fleetFiles } from '../helpers/fleet.js';
import { makeWorkspace } from '../helpers/cli.js';

describe('reportKeyOf: what counts as a pass that changed nothing', () => {
  let state: StateDb | undefined;
  afterEach(async () => {
    await state?.close();
  });

  async function setup() {
    const dir = makeWorkspace(fleetFiles({ clusters: { alpha: 10 }, broken: [], run: ['true', '{hosts_file}'] }));
    const ws = new Workspace(dir, '2026-11-24');
    state = await openStateDb(ws.dbFile);
    const db = state.raw;
    const config = loadConfig(dir);
    /** A finished pass with these facts; returns the key after it. */
    const pass = (o: { rows?: number; planned?: number; status?: 'ok' | 'refused'; at?: number }) => {
      const id = startPass(db, { execute: true, seed: 1, paused: null, nowMs: o.at ?? 1000 });
      recordViews(db, id, [{ view: 'fix-candidates', rows: o.rows ?? 2, sha256: `s${o.rows ?? 2}`, sqlHash: 'q' }]);
      recordActions(db, id, [{ action: 'fix', cluster: 'alpha', population: 10, budget: 1, out: 0, headroom: 1, candidates: 2, planned: o.planned ?? 1, executed: 0, failed: 0, reason: null }]);
      finishPass(db, id, o.status ?? 'ok', 0, { errors: [], warnings: [], unknownOutcomes: [], actions: [] }, (o.at ?? 1000) + 5);
      return reportKeyOf(db, ws, config);
    };
    return { db, ws, pass };
  }

  it('is the same for a later pass with the same facts, at another time', async () => {
    const { pass } = await setup();
    const first = pass({ at: 1000 });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(pass({ at: 999_000 })).toBe(first);
  });

  it('changes with a view, a plan, the status, a journal entry or the pause', async () => {
    const { db, ws, pass } = await setup();
    const base = pass({});
    expect(pass({ rows: 3 })).not.toBe(base);
    expect(pass({ planned: 0 })).not.toBe(base);
    expect(pass({ status: 'refused' })).not.toBe(base);
    expect(pass({})).toBe(base);
    db.prepare(`INSERT INTO journal (pass, action, hostname, cluster, started_ms, outcome) VALUES (1, 'fix', 'h.x', 'alpha', 1, 'done')`).run();
    const withJournal = reportKeyOf(db, ws, loadConfig(ws.dir));
    expect(withJournal).not.toBe(base);
    db.prepare(`UPDATE journal SET outcome = 'cleared'`).run();
    expect(reportKeyOf(db, ws, loadConfig(ws.dir))).not.toBe(withJournal);
    const before = reportKeyOf(db, ws, loadConfig(ws.dir));
    writeFileSync(ws.pauseFile, JSON.stringify({ by: 'a', at: 'b', reason: 'c' }));
    expect(reportKeyOf(db, ws, loadConfig(ws.dir))).not.toBe(before);
  });

  it('is null before any pass, and read back from the head of a page', async () => {
    const { db, ws } = await setup();
    expect(reportKeyOf(db, ws, loadConfig(ws.dir))).toBeNull();
    const file = join(ws.dir, 'page.html');
    writeFileSync(file, `<!DOCTYPE html><meta name="breakfix-report-key" content="${'b'.repeat(64)}">`);
    expect(keyOfReportFile(file)).toBe('b'.repeat(64));
    writeFileSync(file, '<!DOCTYPE html>');
    expect(keyOfReportFile(file)).toBeNull();
    expect(keyOfReportFile(join(ws.dir, 'missing.html'))).toBeNull();
  });
});
