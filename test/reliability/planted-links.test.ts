import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, makeWorkspace, ROOT, tempDir } from '../helpers/cli.js';
import { recordFigures } from './figures.js';

/**
 * Planted links (the reliability suite): a workspace several people can
 * write is a place to plant a symbolic link — or a FIFO — where breakfix will
 * write, before a pass or while it runs (a command source's program plants
 * at the names a writer could be predicted to use: its parent's pid, the
 * fixed names). Each plant gets a fresh workspace and one `pass --execute`.
 * The link's target, a file and a directory outside the workspace, must
 * never be written; the pass either carries on (a link at a file it
 * replaces is replaced, a planted temporary name is never used) or refuses
 * with an error naming the planted path; it never hangs.
 *
 * Under `npm test` a few plants run; BREAKFIX_RELIABILITY=all plants at
 * every path a pass writes or works in.
 */
const ALL = process.env['BREAKFIX_RELIABILITY'] === 'all';
const DAY = '2026-11-23';
const NOW = `${DAY}T12:00:00Z`;
const PRECIOUS = 'precious: never written by breakfix\n';
const TIMEOUT_MS = 60_000;

const CONFIG = `
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster, rack] }
  broken: { kind: hostlist, command: [sh, plant.sh] }
  later: { kind: hostlist, command: [cat, inputs/broken] }
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

type Kind = 'link to a file' | 'link to a directory' | 'FIFO' | 'link planted during the pass';

interface Plant {
  readonly kind: Kind;
  /** Relative to runs/; `$PPID` (in 'during' plants) is the pass's pid, as the planting command sees it. */
  readonly path: string;
}

/** Every view a pass exports in this workspace: the stock ones and the workspace's. */
function viewNames(): string[] {
  const stock = readdirSync(join(ROOT, 'queries')).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4));
  return [...stock, 'fix-candidates'].sort();
}

function allPlants(): Plant[] {
  const d = DAY;
  const files = [
    `${d}/transcript.log`, `${d}/manifest.json`, ...viewNames().map((v) => `${d}/${v}`),
    `${d}/plan/fix`, `${d}/plan/fix.json`, `${d}/plan/fix.hosts`, `${d}/inputs/broken`, `${d}/inputs/later`,
    `${d}/state.db`, `${d}/state.db-wal`, `${d}/state.db-shm`, `${d}/state.db-journal`,
    '.lock', '.lock.guard', '.lock.guard-journal', 'pause.json',
  ];
  const during = [
    `${d}/transcript.log`, ...viewNames().map((v) => `${d}/.${v}.tmp-$PPID`), `${d}/manifest.json.tmp-$PPID`,
    `${d}/plan/fix.tmp-$PPID`, `${d}/plan/fix.json.tmp-$PPID`, `${d}/plan/fix.hosts.tmp`, `${d}/plan/fix.hosts`,
    `${d}/inputs/later.partial`, `${d}/inputs/later`, '.lock.$PPID.tmp', `${d}/fix-candidates`, `${d}/manifest.json`,
  ];
  return [
    ...files.map((path) => ({ kind: 'link to a file' as const, path })),
    ...['', d, `${d}/plan`, `${d}/inputs`].map((path) => ({ kind: 'link to a directory' as const, path })),
    ...[`${d}/transcript.log`, `${d}/state.db`, `${d}/manifest.json`, `${d}/plan/fix`, `${d}/inputs/later`].map((path) => ({ kind: 'FIFO' as const, path })),
    ...during.map((path) => ({ kind: 'link planted during the pass' as const, path })),
  ];
}

const FAST: readonly string[] = [
  `link to a file ${DAY}/transcript.log`,
  `link to a file ${DAY}/state.db-wal`,
  `link to a directory ${DAY}/plan`,
  `FIFO ${DAY}/transcript.log`,
  `link planted during the pass ${DAY}/plan/fix.hosts.tmp`,
  `link planted during the pass ${DAY}/.fix-candidates.tmp-$PPID`,
];
const plants = allPlants().filter((p) => ALL || FAST.includes(`${p.kind} ${p.path}`));

const tally = {
  planted: 0,
  writtenThrough: 0,
  refusedNamed: 0,
  refusedUnnamed: 0,
  carriedOn: 0,
  hung: 0,
  byKind: new Map<Kind, { planted: number; refused: number; carried: number }>(),
};

afterAll(() => {
  recordFigures('planted-links', {
    part: 'planted links',
    order: 5,
    figures: [
      { figure: 'links and FIFOs planted', value: tally.planted, ...(ALL ? { atLeast: 60 } : {}) },
      { figure: 'targets written through a link', value: tally.writtenThrough, zero: true },
      { figure: 'passes that hung on a FIFO', value: tally.hung, zero: true },
      { figure: 'refused with an error naming the path', value: tally.refusedNamed },
      { figure: 'refused without naming the path', value: tally.refusedUnnamed, zero: true },
      { figure: 'passes that carried on (link replaced or never used)', value: tally.carriedOn },
    ],
    notes: [`per kind (planted/refused/carried on): ${[...tally.byKind.entries()].map(([k, v]) => `${k}: ${v.planted}/${v.refused}/${v.carried}`).join('; ')}`],
  });
});

interface Outcome {
  readonly problems: string[];
}

function plantAndPass(plant: Plant): Outcome {
  const dir = makeWorkspace({
    'breakfix.yaml': CONFIG,
    'inputs/inventory.tsv': 'dn1.example.com\tdwh\t/r1\ndn2.example.com\tdwh\t/r2\ndn3.example.com\tdwh\t/r3\n',
    'inputs/broken': 'dn1.example.com\n',
    'queries/fix-candidates.sql': 'SELECT i.hostname, i.cluster, i.rack FROM inventory AS i JOIN broken USING (hostname)\n',
    'plant.sh': 'cat inputs/broken\n',
  });
  const outside = tempDir('bf-victim-');
  const victim = join(outside, 'victim');
  const victimDir = join(outside, 'victim-dir');
  writeFileSync(victim, PRECIOUS);
  mkdirSync(victimDir);
  const runs = join(dir, 'runs');
  const at = join(runs, plant.path);
  mkdirSync(join(at, '..'), { recursive: true });
  switch (plant.kind) {
    case 'link to a file':
      symlinkSync(victim, at);
      break;
    case 'link to a directory':
      symlinkSync(victimDir, at);
      break;
    case 'FIFO':
      execFileSync('mkfifo', [at]);
      break;
    case 'link planted during the pass':
      // The first command source runs inside the pass, after the sweep of stale temporary files.
      writeFileSync(join(dir, 'plant.sh'), `mkdir -p "runs/${DAY}/plan" "runs/${DAY}/inputs"\nrm -f "runs/${plant.path}"\nln -s ${JSON.stringify(victim)} "runs/${plant.path}"\ncat inputs/broken\n`);
      break;
  }
  const r = spawnSync(process.execPath, [CLI, '-C', dir, 'pass', '--execute'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', BREAKFIX_NOW: NOW },
    timeout: TIMEOUT_MS,
    // A pass takes SIGTERM as "finish the current step": a hung one must be killed outright.
    killSignal: 'SIGKILL',
  });
  const problems: string[] = [];
  const name = `${plant.kind} at runs/${plant.path}`;
  const k = tally.byKind.get(plant.kind) ?? { planted: 0, refused: 0, carried: 0 };
  tally.byKind.set(plant.kind, k);
  tally.planted++;
  k.planted++;
  if (readFileSync(victim, 'utf8') !== PRECIOUS || readdirSync(victimDir).length > 0) {
    tally.writtenThrough++;
    problems.push(`${name}: the link's target was written`);
  }
  if (r.status === null) {
    tally.hung++;
    problems.push(`${name}: the pass did not finish in ${TIMEOUT_MS / 1000}s (${r.signal ?? r.error?.message})`);
  } else if (r.status === 0) {
    tally.carriedOn++;
    k.carried++;
  } else {
    k.refused++;
    // The path as breakfix names it: absolute, `$PPID` being the pass's own pid (unknown here: any digits).
    const named = new RegExp(`${escapeRe(join(runs, plant.path)).replace(escapeRe('$PPID'), '\\d+')}: (is a symbolic link|is not a regular file)`);
    if (named.test(r.stderr + r.stdout)) tally.refusedNamed++;
    else {
      tally.refusedUnnamed++;
      problems.push(`${name}: exit ${r.status} without naming it: ${(r.stderr || r.stdout).slice(0, 400)}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  return { problems };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('planted links: a pass --execute never writes through a link or FIFO planted under runs/', () => {
  it.each(plants.map((p) => [`${p.kind} at runs/${p.path}`, p] as const))('%s', { timeout: 2 * TIMEOUT_MS }, (_name, plant) => {
    expect(plantAndPass(plant).problems).toEqual([]);
  });
});
