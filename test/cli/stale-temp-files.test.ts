import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from '../helpers/cli.js';

/** The sweep through the CLI (the sweep itself: test/act/stale-temp-files.test.ts). */
const DEAD_PID = 999_999_999;
const dead = (name: string) => `.${name}.tmp-${DEAD_PID}-0123456789ab`;

function layout(runs: string, files: readonly string[]): void {
  for (const f of files) {
    mkdirSync(join(runs, f, '..'), { recursive: true });
    writeFileSync(join(runs, f), 'x');
  }
}

describe('temporary files a killed process left', () => {
  it('runs when a command takes the lock, and says what it removed', () => {
    const dir = makeWorkspace({ 'breakfix.yaml': 'sources:\n  hosts: { kind: hostlist, path: hosts }\n', hosts: 'dn1.example.com\n' });
    layout(join(dir, 'runs'), [`2026-11-23/${dead('hosts-view')}`]);
    const r = runCli(dir, ['import'], { env: { BREAKFIX_NOW: '2026-11-23T12:00:00Z' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: removed 1 temporary file a killed process left (runs/2026-11-23/${dead('hosts-view')})`);
    expect(existsSync(join(dir, 'runs', '2026-11-23', dead('hosts-view')))).toBe(false);
  });
});
