import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

/** The transcript's cap, through a real pass (the Transcript class itself: test/pass/transcript.test.ts). */
describe('transcript.log', () => {
  it("keeps the transcript small when an action's command prints a lot", () => {
    // 1 MiB on stdout, 1 MiB on stderr, from the one command the plan runs.
    const noisy = ['node', '-e', "process.stdout.write('o'.repeat(1 << 20)); process.stderr.write('e'.repeat(1 << 20))", '{hosts_file}'];
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 20 }, broken: [hostName('dwh', 1)], run: noisy }));
    const r = runCli(dir, ['pass', '--execute'], { env: { BREAKFIX_NOW: '2026-11-23T12:00:00Z' } });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'runs', '2026-11-23', 'transcript.log'), 'utf8');
    expect(text.length).toBeLessThan(140 * 1024);
    const cut = (1 << 20) - 64 * 1024;
    expect(text).toContain(`    | [${cut} more bytes of stdout not copied: the transcript keeps the first 64 KiB of each stream of a command]\n`);
    expect(text).toContain(`    ! [${cut} more bytes of stderr not copied: the transcript keeps the first 64 KiB of each stream of a command]\n`);
  });
});
