import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExampleWorkspace } from '../../src/demo/workspace.js';
import { CLI, ROOT, runCli, SIM, tempDir } from '../helpers/cli.js';

const NIGHTLY = join(ROOT, 'examples', 'nightly.sh');

function sim(ws: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [SIM, ...args, '--dir', ws], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

function nightly(ws: string, env: Record<string, string>) {
  return spawnSync('bash', [NIGHTLY, ws], {
    encoding: 'utf8',
    env: { ...process.env, BREAKFIX: `${process.execPath} ${CLI}`, NO_COLOR: '1', ...env },
  });
}

describe('examples/nightly.sh', () => {
  it('runs a pass, logs the verdict with the diff against yesterday, and exits with the pass exit code', () => {
    const ws = tempDir('bf-nightly-');
    copyExampleWorkspace(ws);
    sim(ws, 'init', '--seed', '3', '--hosts', '300', '--tick-minutes', '720');
    // Yesterday: one pass, so today's diff has something to compare with.
    expect(runCli(ws, ['pass', '--execute'], { env: { BREAKFIX_NOW: sim(ws, 'now') } }).code).toBe(0);
    sim(ws, 'tick', '--n', '2');
    const today = sim(ws, 'now');
    const r = nightly(ws, { BREAKFIX_NOW: today });
    expect(r.status).toBe(0);
    const log = readFileSync(join(ws, 'runs', 'nightly.log'), 'utf8');
    expect(log).toMatch(/^breakfix nightly .* workspace .*: ok \(exit 0\)$/m);
    expect(log).toContain('--- changes since yesterday (breakfix diff --stat)');
    expect(log).toContain('(views changed since yesterday)');
    expect(log).toContain('"status": "ok"');
  });

  it('never appends through a link planted at runs/nightly.log', () => {
    const ws = tempDir('bf-nightly-');
    copyExampleWorkspace(ws);
    sim(ws, 'init', '--seed', '3', '--hosts', '300');
    const victim = join(tempDir('bf-victim-'), 'victim');
    writeFileSync(victim, 'precious\n');
    mkdirSync(join(ws, 'runs'), { recursive: true });
    symlinkSync(victim, join(ws, 'runs', 'nightly.log'));
    const r = nightly(ws, { BREAKFIX_NOW: sim(ws, 'now') });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`nightly.sh: ${join(ws, 'runs', 'nightly.log')} is a symbolic link or not a regular file: not appended to (remove it)`);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('reports a safety refusal with exit 3 for review', () => {
    const ws = tempDir('bf-nightly-');
    copyExampleWorkspace(ws);
    sim(ws, 'init', '--seed', '3', '--hosts', '300');
    // Two days later the inputs are stale: inputs-fresh refuses every action.
    const r = nightly(ws, { BREAKFIX_NOW: '2026-11-25T12:00:00Z' });
    expect(r.status).toBe(3);
    expect(readFileSync(join(ws, 'runs', 'nightly.log'), 'utf8')).toMatch(/REFUSED: an invariant stopped an action — review the summary \(exit 3\)/);
  });
});
