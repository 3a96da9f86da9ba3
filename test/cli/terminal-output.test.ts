import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, type CliResult } from '../helpers/cli.js';

/**
 * Values from inputs reach the terminal in summaries, tables, messages and
 * warnings; a terminal obeys the control characters they carry. Every human
 * output shows them escaped; the machine formats (tsv, csv, json) keep their
 * own contracts and carry the bytes as data.
 */
const DAY = '2026-11-23';
const NEXT = '2026-11-24';
const at = (day: string) => ({ BREAKFIX_NOW: `${day}T12:00:00Z` });

/** What an input carries: colour codes and a carriage return that would overwrite the line. */
const RED = '\x1b[31mred\x1b[0m\r';
/** How a person sees it printed. */
const SHOWN = '\\x1b[31mred\\x1b[0m\\r';
/** Every C0 control but TAB and newline, DEL and the C1 controls: none may reach a terminal raw. */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function human(r: CliResult, what: string): CliResult {
  expect(r.stdout, `${what}: stdout`).not.toMatch(RAW_CONTROL);
  expect(r.stderr, `${what}: stderr`).not.toMatch(RAW_CONTROL);
  return r;
}

const CONFIG = `
sources:
  inventory:
    kind: inventory
    path: inputs/inventory.tsv
    columns: [hostname, cluster, rack, data_group, note]
  tickets:
    kind: table
    format: tsv
    header: true
    path: inputs/tickets.tsv
    host_columns: [hostname]
    allow_empty: true
policy:
  archetypes:
    default: { percent: 50, floor: 1 }
actions:
  fix:
    candidates: fix-candidates
    spread: rack
    deny: [never-touch]
    invariants: []
    run: [sh, fail.sh, "{host}"]
    timeout: 1m
`;

function workspace(notes: Record<string, string>): string {
  const hosts = ['dn1.example.com', 'dn2.example.com', 'dn3.example.com', 'dn4.example.com'];
  return makeWorkspace({
    'breakfix.yaml': CONFIG,
    'inputs/inventory.tsv': hosts.map((h, i) => `${h}\tdwh\t/r${i}\tg1\t${notes[h] ?? '-'}\n`).join(''),
    // The reason is not the last field: a CR at the end of a line would be taken for a CRLF ending.
    'inputs/tickets.tsv': `hostname\treason\tticket\ndn1.example.com\tdo not touch ${RED}\tT-1\n`,
    'fail.sh': `printf 'boom \\033[31mred\\033[0m\\r!\\n' >&2\nexit 1\n`,
    'queries/fix-candidates.sql': 'SELECT hostname, cluster, rack FROM inventory\n',
    'queries/never-touch.sql': 'SELECT hostname, reason FROM tickets\n',
    'queries/noted.sql': `-- description: hosts with a note ${RED.slice(0, -1)}\nSELECT hostname, note FROM inventory WHERE note IS NOT NULL\n`,
  });
}

describe('control characters from inputs on a terminal', () => {
  it('print escaped in tables, explain, views and sql; exactly as data in tsv, csv and json', () => {
    const dir = workspace({ 'dn2.example.com': `note ${RED} end` });
    expect(runCli(dir, ['pass'], { env: at(DAY) }).code).toBe(0);

    const table = human(runCli(dir, ['query', 'noted', '--format', 'table'], { env: at(DAY) }), 'query --format table');
    expect(table.stdout).toBe(`hostname         note\ndn2.example.com  note ${SHOWN} end\n(1 row)\n`);

    // tsv is the exported file, byte for byte (the codec escapes CR; ESC is data).
    const tsv = runCli(dir, ['query', 'noted'], { env: at(DAY) });
    expect(tsv.stdout).toBe(readFileSync(join(dir, 'runs', DAY, 'noted'), 'utf8'));
    expect(tsv.stdout).toBe(`dn2.example.com\tnote \x1b[31mred\x1b[0m\\r end\n`);
    expect(runCli(dir, ['query', 'noted', '--format', 'csv'], { env: at(DAY) }).stdout).toBe(`hostname,note\ndn2.example.com,"note ${RED} end"\n`);
    expect(JSON.parse(runCli(dir, ['query', 'noted', '--format', 'json'], { env: at(DAY) }).stdout)).toEqual([{ hostname: 'dn2.example.com', note: `note ${RED} end` }]);

    const explain = human(runCli(dir, ['explain', 'dn2.example.com'], { env: at(DAY) }), 'explain');
    expect(explain.stdout).toContain(`note=note ${SHOWN} end`);

    const views = human(runCli(dir, ['views'], { env: at(DAY) }), 'views');
    expect(views.stdout).toContain(`hosts with a note \\x1b[31mred\\x1b[0m`);

    const sql = human(runCli(dir, ['sql', "SELECT note FROM inventory WHERE note IS NOT NULL"], { env: at(DAY) }), 'sql');
    expect(sql.stdout).toContain(`note ${SHOWN} end`);
    expect(runCli(dir, ['sql', "SELECT note FROM inventory WHERE note IS NOT NULL", '--format', 'tsv'], { env: at(DAY) }).stdout).toBe(
      `note \x1b[31mred\x1b[0m\\r end\n`,
    );
  });

  it("print escaped in what act, journal and the transcript show of a deny reason and a command's stderr", () => {
    const dir = workspace({});
    expect(runCli(dir, ['import', '-q'], { env: at(DAY) }).code).toBe(0);
    expect(runCli(dir, ['plan', '-q'], { env: at(DAY) }).code).toBe(0);
    // An operator puts the denied host back into the plan: the re-check refuses it, with the deny view's reason.
    writeFileSync(join(dir, 'runs', DAY, 'plan', 'fix'), 'dn1.example.com\tdwh\t/r0\t-\ndn2.example.com\tdwh\t/r1\t-\n');
    const act = human(runCli(dir, ['act', '--execute'], { env: at(DAY) }), 'act');
    expect(act.code).toBe(1);
    expect(act.stdout).toContain(`  not acted on: dn1.example.com: denied by never-touch: do not touch ${SHOWN}\n`);
    expect(act.stdout).toContain(`  failed dn2.example.com (exit 1): exited with code 1: boom ${SHOWN}!\n`);

    const journal = human(runCli(dir, ['journal'], { env: at(DAY) }), 'journal');
    expect(journal.stdout).toContain(`exited with code 1: boom ${SHOWN}!`);

    const transcript = readFileSync(join(dir, 'runs', DAY, 'transcript.log'), 'utf8');
    expect(transcript).not.toMatch(RAW_CONTROL);
    expect(transcript).toContain(`    ! boom ${SHOWN}!\n`);
  });

  it("print escaped in the pass summary and on stderr when a command source fails", () => {
    const dir = makeWorkspace({
      'breakfix.yaml': `sources:\n  pinged: { kind: hostlist, command: [sh, fail.sh] }\n`,
      'fail.sh': `printf 'dn1.example.com\\n'\nprintf 'cannot reach \\033]0;owned\\007 \\033[31mred\\033[0m\\r\\n' >&2\nexit 3\n`,
    });
    const imp = human(runCli(dir, ['import'], { env: at(DAY) }), 'import');
    expect(imp.code).toBe(1);
    // The last line of stderr, trimmed (its CR with it).
    const shown = 'cannot reach \\x1b]0;owned\\x07 \\x1b[31mred\\x1b[0m';
    expect(imp.stderr).toContain(`breakfix: import pinged failed: command sh fail.sh: exited with code 3: ${shown}\n`);
    const pass = human(runCli(dir, ['pass'], { env: at(DAY) }), 'pass');
    expect(pass.code).toBe(1);
    expect(pass.stdout).toContain(`  FAILED pinged: command sh fail.sh: exited with code 3: ${shown}\n`);
    expect(readFileSync(join(dir, 'runs', DAY, 'transcript.log'), 'utf8')).toContain(`    ! cannot reach \\x1b]0;owned\\x07 ${SHOWN}\n`);
  });

  it('print escaped in diff and check', () => {
    const dir = workspace({});
    expect(runCli(dir, ['pass', '-q'], { env: at(DAY) }).code).toBe(0);
    writeFileSync(join(dir, 'inputs', 'inventory.tsv'), `dn1.example.com\tdwh\t/r0\tg1\tnew ${RED} note\n`);
    expect(runCli(dir, ['pass', '-q'], { env: at(NEXT) }).code).toBe(0);
    const diff = human(runCli(dir, ['diff', 'noted'], { env: at(NEXT) }), 'diff');
    // The exported line holds the codec's `\r` for the CR: shown as it is, the ESCs escaped.
    expect(diff.stdout).toContain(`+dn1.example.com\tnew ${SHOWN} note\n`);

    writeFileSync(join(dir, 'queries', 'broken.sql'), `SELECT "\x1b[31mred" FROM inventory\n`);
    const check = human(runCli(dir, ['check'], { env: at(NEXT) }), 'check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`  error: ${join(dir, 'queries', 'broken.sql')}: no such column: "\\x1b[31mred"`);
  });
});
