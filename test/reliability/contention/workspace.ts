import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace } from '../../helpers/cli.js';

/**
 * The contention workspace: two `command:` sources and one action, each
 * running a small sh script that logs the interval it ran in and sleeps a
 * little, so that passes started together overlap in time and an import or
 * act outside the lock shows as overlapping intervals.
 *
 * Every round is a data generation: the sources print `data/<source>.<round>`
 * (the round comes from CONTENTION_ROUND, which the config's `env:` passes
 * through to its commands), whose hosts are named `r<round>-h<i>.example.com`,
 * with a count that depends on the round, in a cluster of their own
 * (`c<round>`: each round's action has a fresh budget). A reader that sees a
 * partial table or a mix of two rounds cannot mistake it for a whole one.
 */

/** Where each command records its interval: `start|end <breakfix pid> <time ns> <what> <pass or ->`. */
export const INTERVALS_LOG = 'intervals.log';
/** What the action was given: `<breakfix pid> <pass> <host>`. */
export const ACTED_LOG = 'acted.log';
/** The environment variable the source scripts read the round from. */
export const ROUND_ENV = 'CONTENTION_ROUND';

/** Views the readers check: one per source, and one joining both. */
export const VIEWS = ['gen-hosts', 'gen-broken', 'fix-candidates'] as const;
export type GenView = (typeof VIEWS)[number];

const CONFIG = `# The contention test's workspace (test/reliability/contention.test.ts).
# Commands get an allow-listed environment: the round number is passed through.
env: [${ROUND_ENV}]
sources:
  inventory:
    kind: inventory
    command: [sh, scripts/source.sh, inventory]
    columns: [hostname, cluster, rack, data_group, gen]
  broken:
    kind: hostlist
    command: [sh, scripts/source.sh, broken]
policy:
  archetypes:
    default: { percent: 50, floor: 1 }
actions:
  fix:
    candidates: fix-candidates
    spread: rack
    group: data_group
    max_groups: 2
    run: [sh, scripts/act.sh, "{hosts_file}"]
    timeout: 1m
`;

// $PPID is the breakfix process: it runs commands itself, without a shell.
const SOURCE_SCRIPT = `# A command source: log this import's interval, print this round's data.
echo "start $PPID $(date +%s%N) import-$1 -" >> ${INTERVALS_LOG}
sleep 0.15
cat "data/$1.$${ROUND_ENV}"
echo "end $PPID $(date +%s%N) import-$1 -" >> ${INTERVALS_LOG}
`;

const ACT_SCRIPT = `# The action: log its interval and the hosts it was given ($1: the hosts file).
echo "start $PPID $(date +%s%N) act-$BREAKFIX_ACTION $BREAKFIX_PASS" >> ${INTERVALS_LOG}
sleep 0.1
while read -r host; do echo "$PPID $BREAKFIX_PASS $host"; done < "$1" >> ${ACTED_LOG}
echo "end $PPID $(date +%s%N) act-$BREAKFIX_ACTION $BREAKFIX_PASS" >> ${INTERVALS_LOG}
`;

const QUERIES: Record<GenView, string> = {
  'gen-hosts': '-- description: the inventory of one generation\nSELECT hostname, gen FROM inventory\n',
  'gen-broken': '-- description: the broken list of one generation\nSELECT hostname FROM broken\n',
  'fix-candidates': `-- description: broken inventory hosts (both sources)
SELECT i.hostname, i.cluster, i.rack, i.data_group FROM inventory AS i JOIN broken AS b USING (hostname)
`,
};

/** A fresh contention workspace in a temporary directory. */
export function makeContentionWorkspace(): string {
  return makeWorkspace(
    {
      'breakfix.yaml': CONFIG,
      'scripts/source.sh': SOURCE_SCRIPT,
      'scripts/act.sh': ACT_SCRIPT,
      ...Object.fromEntries(VIEWS.map((v) => [`queries/${v}.sql`, QUERIES[v]])),
    },
    'bf-contention-',
  );
}

export interface Generation {
  readonly round: number;
  /** What `breakfix query VIEW` prints for each view: text-table lines, bytewise sorted. */
  readonly lines: Readonly<Record<GenView, readonly string[]>>;
}

/** How many hosts round `round` has: 6..16, different from the rounds next to it. */
export function hostCount(round: number): number {
  return 6 + ((round * 5) % 11);
}

export function hostOf(round: number, i: number): string {
  return `r${round}-h${i}.example.com`;
}

/** Which generation a hostname belongs to (undefined: not one of ours). */
export function roundOfHost(host: string): number | undefined {
  const m = /^r(\d+)-h\d+\.example\.com$/.exec(host);
  return m ? Number(m[1]) : undefined;
}

/** Host i is broken unless i is a multiple of 3 (host 1 always is). */
const isBroken = (i: number) => i % 3 !== 0;

interface HostRow {
  readonly host: string;
  readonly cluster: string;
  readonly rack: string;
  readonly group: string;
  readonly broken: boolean;
}

function rowsOf(round: number): HostRow[] {
  return Array.from({ length: hostCount(round) }, (_, k) => {
    const i = k + 1;
    return { host: hostOf(round, i), cluster: `c${round}`, rack: `rack${i % 4}`, group: `g${i % 2}`, broken: isBroken(i) };
  });
}

/** Bytewise order, as exported files and `breakfix query` have it (the data is ASCII). */
const sorted = (lines: string[]) => lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function generation(round: number): Generation {
  const rows = rowsOf(round);
  const broken = rows.filter((r) => r.broken);
  return {
    round,
    lines: {
      'gen-hosts': sorted(rows.map((r) => `${r.host}\t${round}`)),
      'gen-broken': sorted(broken.map((r) => r.host)),
      'fix-candidates': sorted(broken.map((r) => [r.host, r.cluster, r.rack, r.group].join('\t'))),
    },
  };
}

/** Write the files the sources print in round `round` (before its passes start). */
export function writeGeneration(dir: string, round: number): void {
  const rows = rowsOf(round);
  const file = (source: string) => join(dir, 'data', `${source}.${round}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(file('inventory'), rows.map((r) => [r.host, r.cluster, r.rack, r.group, round].join('\t') + '\n').join(''));
  writeFileSync(file('broken'), rows.filter((r) => r.broken).map((r) => `${r.host}\n`).join(''));
}

/** Read a workspace log and empty it (each round is checked on its own lines). */
export function takeLog(dir: string, name: string): string {
  const file = join(dir, name);
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  rmSync(file);
  return text;
}

/** BREAKFIX_NOW for a day: noon, so a run of several minutes stays on that day. */
export function nowOf(day: string): Record<string, string> {
  return { BREAKFIX_NOW: `${day}T12:00:00Z` };
}
