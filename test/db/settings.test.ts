import { afterEach, describe, expect, it } from 'vitest';
import { writeSettings } from '../../src/db/settings.js';
import { TestWorkspace } from '../helpers/import.js';

let tw: TestWorkspace;
afterEach(async () => tw?.close());

async function settingsAfter(configText: string, now: Date): Promise<Record<string, unknown>> {
  tw = new TestWorkspace(configText);
  const db = (await tw.db()).raw;
  writeSettings(db, tw.config, now);
  const rows = db.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: unknown }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

describe('writeSettings', () => {
  it("writes the clock and the config's health and HDFS values the views read, with their defaults", async () => {
    expect(await settingsAfter('sources: {}\n', new Date('2026-11-23T12:00:00.900Z'))).toEqual({
      now: 1795435200,
      up_metric: 'up',
      up_labels: null,
      max_sample_age: 900,
      timezone: 'UTC',
      hdfs_stuck_passes: 3,
    });
  });

  it('writes what the config sets, and replaces what an earlier call wrote', async () => {
    const text = 'timezone: Europe/Berlin\nhealth: { up_metric: node_up, up_labels: { job: node }, max_sample_age: 5m }\nhdfs: { stuck_passes: 7 }\nsources: {}\n';
    tw = new TestWorkspace(text);
    const db = (await tw.db()).raw;
    writeSettings(db, tw.config, new Date('2026-11-23T00:00:00Z'));
    writeSettings(db, tw.config, new Date('2026-11-23T00:00:10Z'));
    const rows = db.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: unknown }[];
    expect(Object.fromEntries(rows.map((r) => [r.key, r.value]))).toEqual({
      now: 1795392010,
      up_metric: 'node_up',
      up_labels: '{"job":"node"}',
      max_sample_age: 300,
      timezone: 'Europe/Berlin',
      hdfs_stuck_passes: 7,
    });
  });
});
