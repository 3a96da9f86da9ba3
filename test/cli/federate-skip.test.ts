import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from '../helpers/cli.js';
import { TestWorkspace } from '../helpers/import.js';

/**
 * A /federate dump as Prometheus serves it: per-host series beside series
 * aggregated across hosts (recording rules), which carry no instance label
 * or an empty one. One such series used to fail the whole source.
 */
const FEDERATE = [
  '# TYPE up untyped',
  'up{instance="dn0001.smf1.example.com:9100",job="node"} 1 1714564800781',
  'up{instance="dn0002.smf1.example.com:9100",job="node"} 0 1714564800781',
  'up{instance="",job="federate"} 1 1714564800781',
  '# TYPE job:up:sum untyped',
  'job:up:sum{job="node"} 1 1714564800781',
  '',
].join('\n');

const CONFIG = `
sources:
  federate: { kind: metrics, format: prometheus-text, path: inputs/federate.prom }
`;

let tw: TestWorkspace;
afterEach(async () => tw?.close());

describe('a federate dump with series that name no host', () => {
  it('imports the per-host samples and counts the others in the report and the imports row', async () => {
    tw = new TestWorkspace(CONFIG, { 'inputs/federate.prom': FEDERATE });
    const [report] = await tw.import();
    expect(report).toMatchObject({ status: 'ok', rows: 2, skipped: 2, note: '2 samples skipped (no "instance" label)' });
    expect(await tw.rows('SELECT hostname, value FROM metric_samples ORDER BY hostname')).toEqual([
      { hostname: 'dn0001.smf1.example.com', value: 1 },
      { hostname: 'dn0002.smf1.example.com', value: 0 },
    ]);
    expect(await tw.rows('SELECT status, rows, skipped FROM imports')).toEqual([{ status: 'ok', rows: 2, skipped: 2 }]);
    // Unchanged input: the count is carried, as the rows are.
    const [again] = await tw.import();
    expect(again).toMatchObject({ status: 'unchanged', rows: 2, skipped: 2, note: '2 samples skipped (no "instance" label)' });
  });

  it('says so in breakfix import, the pass summary (text and JSON) and the transcript', () => {
    const dir = makeWorkspace({ 'breakfix.yaml': CONFIG, 'inputs/federate.prom': FEDERATE });
    const env = { env: { BREAKFIX_NOW: '2026-11-23T12:00:00Z' } };
    const imported = runCli(dir, ['import'], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('federate: 2 samples skipped (no "instance" label)\n');
    const pass = runCli(dir, ['pass', '--force'], env);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('\n  federate: 2 samples skipped (no "instance" label)\n');
    const json = JSON.parse(runCli(dir, ['--json', 'pass', '--force'], env).stdout) as { imports: { source: string; skipped: number; note: string }[] };
    expect(json.imports).toEqual([expect.objectContaining({ source: 'federate', skipped: 2, note: '2 samples skipped (no "instance" label)' })]);
    expect(readFileSync(join(dir, 'runs/2026-11-23/transcript.log'), 'utf8')).toMatch(/federate: 2 rows from .*, 2 samples skipped \(no "instance" label\) in /);
  });

  it('fails the source when no sample has the host label (host_label is wrong)', async () => {
    tw = new TestWorkspace(CONFIG.replace('path:', 'host_label: host, path:'), { 'inputs/federate.prom': FEDERATE });
    const [report] = await tw.import();
    expect(report!.status).toBe('failed');
    expect(report!.error).toBe(
      `${join(tw.dir, 'inputs/federate.prom')}:2: up has no "host" label to name the host (instance, job), nor has any other sample; set host_label to the label that names the host`,
    );
  });
});
