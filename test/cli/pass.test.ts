import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli, startCli } from '../helpers/cli.js';

const workspace = () => makeWorkspace(fleetFiles({ clusters: { dwh: 20 }, broken: [hostName('dwh', 1)], run: ['true', '{hosts_file}'] }));

describe('breakfix loop', () => {
  it('runs the given number of passes, and rolls to a new day directory at midnight', () => {
    const dir = workspace();
    // The clock starts a second before midnight and advances with real time; passes are 2 s apart.
    const r = runCli(dir, ['-q', 'loop', '--every', '2s', '--passes', '2'], { env: { BREAKFIX_NOW: '2026-11-23T23:59:59Z' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'runs', '2026-11-23', 'transcript.log'), 'utf8')).toMatch(/pass pass 1 started/);
    expect(readFileSync(join(dir, 'runs', '2026-11-24', 'transcript.log'), 'utf8')).toMatch(/pass pass 1 started/);
  });

  it('on SIGINT while waiting for the next pass, writes what it did and exits 130', async () => {
    const dir = workspace();
    const child = startCli(dir, ['loop', '--every', '10m'], { env: { BREAKFIX_NOW: '2026-11-23T12:00:00Z' } });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // The first pass is done once the loop says when the next one is. Once: a second signal means "now".
      if (!signalled && stderr.includes('next pass in')) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stdout).toMatch(/^pass 1 of 2026-11-23: ok/);
    expect(existsSync(join(dir, 'runs', '2026-11-23', 'plan', 'fix'))).toBe(true);
    expect(readFileSync(join(dir, 'runs', '2026-11-23', 'transcript.log'), 'utf8')).toMatch(/summary pass 1 of 2026-11-23: ok/);
    // Nothing half-done holds the workspace: the next command gets the lock at once.
    expect(runCli(dir, ['pass', '-q'], { env: { BREAKFIX_NOW: '2026-11-23T12:30:00Z' } }).code).toBe(0);
  });

  it('on SIGTERM while an action runs, lets it finish, records its outcome and exits 130', async () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 20 }, broken: [hostName('dwh', 1)], run: ['sh', '-c', 'sleep 1; echo acted >> acted.log', 'sh', '{hosts_file}'] }));
    const child = startCli(dir, ['loop', '--every', '10m', '--execute'], { env: { BREAKFIX_NOW: '2026-11-23T12:00:00Z' } });
    const transcript = join(dir, 'runs', '2026-11-23', 'transcript.log');
    for (let waited = 0; waited < 20_000 && !(existsSync(transcript) && /act fix run /.test(readFileSync(transcript, 'utf8'))); waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(readFileSync(join(dir, 'acted.log'), 'utf8')).toBe('acted\n');
    const log = readFileSync(transcript, 'utf8');
    expect(log).toMatch(/act fix exit 0 after/);
    expect(log).toMatch(/summary pass 1 of 2026-11-23: interrupted/);
    // The journal has the outcome: nothing is left unknown, and the host is not acted on again today.
    const again = runCli(dir, ['--json', 'pass', '--execute'], { env: { BREAKFIX_NOW: '2026-11-23T12:10:00Z' } });
    expect(JSON.parse(again.stdout)).toMatchObject({ unknownOutcomes: [] });
    expect(readFileSync(join(dir, 'acted.log'), 'utf8')).toBe('acted\n');
  });

  it('refuses --day (the loop follows the clock) and a bad interval, exit 2', () => {
    const dir = workspace();
    expect(runCli(dir, ['--day', '2026-11-23', 'loop', '--every', '1m'])).toMatchObject({ code: 2 });
    const bad = runCli(dir, ['loop', '--every', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('breakfix: --every: expected a duration like 10m, got "soon"\n');
  });
});
