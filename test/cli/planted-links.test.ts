import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IS_A_LINK } from '../../src/util/safe-fs.js';
import { CLI, makeWorkspace, runCli, tempDir } from '../helpers/cli.js';

/**
 * A workspace several people can write is a place to plant links: at a file
 * breakfix appends to, at a temporary name it will write, at a directory it
 * works in. Whatever is planted, breakfix never writes through it: the link's
 * target (here a "victim" outside the workspace) is never touched.
 */
const DAY = '2026-11-23';
const NOW = { BREAKFIX_NOW: `${DAY}T12:00:00Z` };
const PRECIOUS = 'precious: must never be written by breakfix\n';

const CONFIG = `
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster, rack] }
  broken: { kind: hostlist, command: [cat, inputs/broken] }
policy:
  archetypes:
    default: { percent: 50, floor: 1 }
actions:
  fix:
    candidates: fix-candidates
    spread: rack
    invariants: []
    run: [sh, -c, 'cat "$1" >> acted.log', sh, "{hosts_file}"]
    timeout: 1m
`;

interface Planted {
  readonly dir: string;
  readonly victim: string;
  readonly victimDir: string;
  readonly day: string;
}

/** A workspace, and a victim file and directory outside it. */
function planted(): Planted {
  const dir = makeWorkspace({
    'breakfix.yaml': CONFIG,
    'inputs/inventory.tsv': 'dn1.example.com\tdwh\t/r1\ndn2.example.com\tdwh\t/r2\ndn3.example.com\tdwh\t/r3\n',
    'inputs/broken': 'dn1.example.com\n',
    'queries/fix-candidates.sql': 'SELECT i.hostname, i.cluster, i.rack FROM inventory AS i JOIN broken USING (hostname)\n',
  });
  const outside = tempDir('bf-victim-');
  const victim = join(outside, 'victim');
  writeFileSync(victim, PRECIOUS);
  const victimDir = join(outside, 'victim-dir');
  mkdirSync(victimDir);
  return { dir, victim, victimDir, day: join(dir, 'runs', DAY) };
}

function link(target: string, path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  symlinkSync(target, path);
}

function untouched(p: Planted): void {
  expect(readFileSync(p.victim, 'utf8')).toBe(PRECIOUS);
  expect(readdirSync(p.victimDir)).toEqual([]);
}

describe('links planted under runs/', () => {
  it('transcript.log: the pass refuses to append through it', () => {
    const p = planted();
    link(p.victim, join(p.day, 'transcript.log'));
    const r = runCli(p.dir, ['pass', '--execute'], { env: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`breakfix: ${join(p.day, 'transcript.log')}: ${IS_A_LINK}\n`);
    untouched(p);
    expect(existsSync(join(p.dir, 'acted.log'))).toBe(false);
  });

  it('transcript.log as a FIFO: refused at once, not waited on', () => {
    const p = planted();
    mkdirSync(p.day, { recursive: true });
    execFileSync('mkfifo', [join(p.day, 'transcript.log')]);
    // Killed outright if it hangs (a pass takes SIGTERM as "finish the current step", and a blocked open never finishes).
    const r = spawnSync(process.execPath, [CLI, '-C', p.dir, 'pass'], { encoding: 'utf8', env: { ...process.env, ...NOW }, timeout: 30_000, killSignal: 'SIGKILL' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(p.day, 'transcript.log')}: is not a regular file`);
  });

  it('temporary names planted while a pass runs (the pid-named and fixed names writers used): never written through', () => {
    const p = planted();
    // A command source runs inside the pass, after the sweep of stale temporary files, as a group member's
    // program could: it plants links at every name a writer could be predicted to use, its parent being the pass.
    writeFileSync(
      join(p.dir, 'plant.sh'),
      [
        `d=runs/${DAY}; v=${JSON.stringify(p.victim)}; mkdir -p "$d/plan" "$d/inputs"`,
        'for n in inputs/later.partial plan/fix.hosts.tmp ".fix-candidates.tmp-$PPID" "manifest.json.tmp-$PPID" "plan/fix.tmp-$PPID" "plan/fix.json.tmp-$PPID"; do ln -s "$v" "$d/$n"; done',
        'cat inputs/broken',
        '',
      ].join('\n'),
    );
    writeFileSync(join(p.dir, 'breakfix.yaml'), CONFIG.replace('command: [cat, inputs/broken] }', 'command: [sh, plant.sh] }\n  later: { kind: hostlist, command: [cat, inputs/broken] }'));
    const r = runCli(p.dir, ['pass', '--execute'], { env: NOW });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    untouched(p);
    expect(readdirSync(join(p.day, 'plan')).filter((n) => n.includes('.tmp-')).length).toBe(2); // the planted links, left alone
    expect(readFileSync(join(p.dir, 'acted.log'), 'utf8')).toBe('dn1.example.com\n');
    expect(readFileSync(join(p.day, 'inputs', 'later'), 'utf8')).toBe('dn1.example.com\n');
    expect(readFileSync(join(p.day, 'fix-candidates'), 'utf8')).toBe('dn1.example.com\tdwh\t/r1\n');
  });

  it('a link planted at runs/.lock: the lock record cannot be read, so the workspace counts as held (exit 75); nothing written through it', () => {
    const p = planted();
    mkdirSync(join(p.dir, 'runs'), { recursive: true });
    link(p.victim, join(p.dir, 'runs', '.lock'));
    const r = runCli(p.dir, ['pass', '--execute'], { env: NOW });
    expect(r.code).toBe(75);
    expect(r.stderr).toContain(`the workspace lock record ${join(p.dir, 'runs', '.lock')} cannot be read`);
    untouched(p);
    expect(existsSync(join(p.dir, 'acted.log'))).toBe(false);
  });

  it('the files breakfix replaces (views, manifest, plans, hosts file, saved input, pause): the link is replaced, its target never written', () => {
    const p = planted();
    const names = ['fix-candidates', 'manifest.json', 'plan/fix', 'plan/fix.json', 'plan/fix.hosts', 'inputs/broken'];
    for (const n of names) link(p.victim, join(p.day, n));
    const r = runCli(p.dir, ['pass', '--execute'], { env: NOW });
    expect(r.code, r.stderr).toBe(0);
    untouched(p);
    for (const n of names) expect(lstatSync(join(p.day, n)).isFile(), n).toBe(true);
    expect(readFileSync(join(p.day, 'plan', 'fix.hosts'), 'utf8')).toBe('dn1.example.com\n');
    link(p.victim, join(p.dir, 'runs', 'pause.json'));
    expect(runCli(p.dir, ['pause', '--reason', 'freeze'], { env: NOW }).code).toBe(0);
    untouched(p);
    expect(lstatSync(join(p.dir, 'runs', 'pause.json')).isFile()).toBe(true);
  });

  it.each([
    ['runs', ''],
    ['runs/DAY', DAY],
    ['runs/DAY/plan', `${DAY}/plan`],
    ['runs/DAY/inputs', `${DAY}/inputs`],
  ])('%s as a link to a directory elsewhere: refused, nothing written there', (_what, under) => {
    const p = planted();
    const path = join(p.dir, 'runs', under);
    if (under !== '') mkdirSync(join(path, '..'), { recursive: true });
    link(p.victimDir, path);
    const r = runCli(p.dir, ['pass', '--execute'], { env: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}: ${IS_A_LINK}`);
    untouched(p);
  });

  it('state.db and its side files: refused for writing and for reading', () => {
    const p = planted();
    mkdirSync(p.day, { recursive: true });
    link(p.victim, join(p.day, 'state.db'));
    const w = runCli(p.dir, ['import'], { env: NOW });
    expect(w.code).toBe(1);
    expect(w.stderr).toBe(`breakfix: ${join(p.day, 'state.db')}: ${IS_A_LINK}\n`);
    const r = runCli(p.dir, ['sql', 'SELECT 1'], { env: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`breakfix: ${join(p.day, 'state.db')}: ${IS_A_LINK}\n`);
    untouched(p);

    const q = planted();
    expect(runCli(q.dir, ['import', '-q'], { env: NOW }).code).toBe(0);
    link(q.victim, join(q.day, 'state.db-wal'));
    expect(runCli(q.dir, ['import'], { env: NOW }).stderr).toBe(`breakfix: ${join(q.day, 'state.db-wal')}: ${IS_A_LINK}\n`);
    expect(runCli(q.dir, ['query', 'fix-candidates'], { env: NOW }).stderr).toBe(`breakfix: ${join(q.day, 'state.db-wal')}: ${IS_A_LINK}\n`);
    untouched(q);
  });

  it('a read-only command refuses a day directory that is a link', () => {
    const p = planted();
    expect(runCli(p.dir, ['pass', '-q'], { env: NOW }).code).toBe(0);
    const moved = join(p.victimDir, '..', 'moved-day');
    execFileSync('mv', [p.day, moved]);
    link(moved, p.day);
    for (const args of [['query', 'fix-candidates'], ['explain', 'dn1.example.com'], ['journal'], ['views'], ['diff']]) {
      const r = runCli(p.dir, args, { env: NOW });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toBe(`breakfix: ${p.day}: ${IS_A_LINK}\n`);
    }
  });
});
