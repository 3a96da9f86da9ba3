import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, type CliResult } from '../helpers/cli.js';
import { recordFigures } from './figures.js';

/**
 * Control characters on a terminal (the reliability suite): every control
 * character a terminal acts on — each C0 control but TAB and newline, DEL,
 * each C1 control, the bidirectional overrides — is put into every kind of
 * value that reaches a person's screen: an inventory field, a deny reason, a
 * view's description, an action command's stderr, a failing command
 * source's stderr. Then every command that prints for a person runs, and
 * none may print one raw. (Machine formats carry them as data: see
 * test/cli/terminal-output.test.ts.)
 *
 * Under `npm test` a handful of characters and commands; BREAKFIX_RELIABILITY=all all of them.
 */
const ALL = process.env['BREAKFIX_RELIABILITY'] === 'all';
const DAY = '2026-11-23';
const NEXT = '2026-11-24';
const at = (day: string) => ({ BREAKFIX_NOW: `${day}T12:00:00Z` });

const codes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** NUL is left out: no input format breakfix reads lets it through (it is an input error). */
const EVERY = [...codes(0x01, 0x08), ...codes(0x0b, 0x1f), ...codes(0x7f, 0x9f), ...codes(0x202a, 0x202e), ...codes(0x2066, 0x2069)];
const FEW = [0x1b, 0x0d, 0x08, 0x07, 0x7f, 0x9b, 0x202e];
const CHARS = (ALL ? EVERY : FEW).map((c) => String.fromCharCode(c));
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const tally = { outputs: 0, raw: 0, commands: new Set<string>() };

afterAll(() => {
  recordFigures('terminal', {
    part: 'control characters',
    order: 6,
    figures: [
      { figure: 'control characters planted', value: CHARS.length, ...(ALL ? { atLeast: 70 } : {}) },
      { figure: 'human outputs checked', value: tally.outputs },
      { figure: 'outputs with a raw control character', value: tally.raw, zero: true },
    ],
    notes: [`commands: ${[...tally.commands].sort().join(', ')}`],
  });
});

function check(r: CliResult, what: string, problems: string[]): CliResult {
  tally.commands.add(what.split(' ')[0]!);
  for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    tally.outputs++;
    const m = RAW.exec(text);
    if (m !== null) {
      tally.raw++;
      problems.push(`${what}: ${stream} holds U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} raw: ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 20))}`);
    }
  }
  return r;
}

/** A value holding every planted character, each between letters, so none sits at a field's edge. */
const hostile = (label: string) => `${label}:${CHARS.map((c, i) => `${c}${i % 10}`).join('')}.`;
/** The same for a shell's printf (octal escapes; characters beyond one byte as UTF-8). */
const printfOf = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c && b !== 0x25 ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`)).join('');

function workspace(): string {
  const hosts = ['dn1.example.com', 'dn2.example.com', 'dn3.example.com', 'dn4.example.com'];
  return makeWorkspace({
    'breakfix.yaml': `
sources:
  inventory: { kind: inventory, path: inputs/inventory.tsv, columns: [hostname, cluster, rack, note] }
  tickets: { kind: table, format: csv, header: true, path: inputs/tickets.csv, host_columns: [hostname] }
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
`,
    // CSV quotes the reason, so that no character of it can end a field or a line.
    'inputs/inventory.tsv': hosts.map((h, i) => `${h}\tdwh\t/r${i}\t${hostile(`note${i}`).replace(/[\t\n\r]/g, '')}\n`).join(''),
    'inputs/tickets.csv': `hostname,reason\ndn1.example.com,"${hostile('reason').replace(/"/g, '""')}"\n`,
    'fail.sh': `printf '${printfOf(hostile('stderr'))}\\n' >&2\nexit 1\n`,
    'source.sh': `printf 'dn1.example.com\\n'\nprintf '${printfOf(hostile('source'))}\\n' >&2\nexit 2\n`,
    'queries/fix-candidates.sql': 'SELECT hostname, cluster, rack FROM inventory\n',
    'queries/never-touch.sql': 'SELECT hostname, reason FROM tickets\n',
    'queries/noted.sql': `-- description: ${hostile('description').replace(/[\r\n]/g, '')}\nSELECT hostname, note FROM inventory\n`,
  });
}

describe('control characters from inputs never reach a terminal raw', () => {
  it(`${CHARS.length} characters in every kind of printed value, through every human command`, () => {
    const problems: string[] = [];
    const dir = workspace();
    const run = (args: string[], day = DAY) => check(runCli(dir, args, { env: at(day) }), args.join(' '), problems);
    run(['pass']);
    run(['query', 'noted', '--format', 'table']);
    run(['explain', 'dn1.example.com']);
    run(['journal']);
    // An operator puts the denied host back into the plan and runs the failing action.
    writeFileSync(join(dir, 'runs', DAY, 'plan', 'fix'), 'dn1.example.com\tdwh\t/r0\t-\ndn2.example.com\tdwh\t/r1\t-\n');
    run(['act', '--execute']);
    run(['journal']);
    if (ALL) {
      run(['views']);
      run(['sql', 'SELECT hostname, note FROM inventory']);
      run(['query', 'never-touch', '--format', 'table']);
      run(['plan']);
      run(['export', '--force']);
      run(['check']);
      run(['trend']);
      run(['pass'], NEXT);
      run(['diff', 'noted', '--from', DAY, '--to', NEXT]);
      run(['diff', '--stat', '--from', DAY, '--to', NEXT]);
      writeFileSync(join(dir, 'inputs', 'inventory.tsv'), `dn9.example.com\tdwh\t/r9\t${hostile('changed').replace(/[\t\n\r]/g, '')}\n`);
      run(['pass'], NEXT);
      run(['diff', 'noted', '--from', DAY, '--to', NEXT]);
      writeFileSync(join(dir, 'breakfix.yaml'), `sources:\n  broken: { kind: hostlist, command: [sh, source.sh] }\n`);
      run(['import'], NEXT);
      run(['pass'], NEXT);
      run(['check'], NEXT);
    }
    expect(problems).toEqual([]);
  });
});
