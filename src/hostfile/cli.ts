import { compareBytewise } from '../util/bytewise.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ActionError, EXIT, InputError, UsageError } from '../errors.js';
import { normalizeHost } from '../hosts/hostname.js';
import { encodeRow } from '../util/text-table.js';
import { addHosts, listEntries, removeHosts } from './edit.js';
import { editLocked } from './locked-edit.js';

/**
 * breakfix-exclude: what a drain and a release do to a cluster's host
 * files, as an action command. It edits each file (locked, atomically:
 * locked-edit.ts), then runs the refresh commands that make the daemons
 * re-read them, in order, stopping at the first that fails.
 *
 *   breakfix-exclude add    --file F [--file F]... (--hosts-file P | --host H)...
 *                           [--comment TEXT] [--lock-timeout SECONDS]
 *                           [--then PROGRAM [ARG]... ';']...
 *   breakfix-exclude remove (same options but --comment)
 *   breakfix-exclude list   --file F...
 *
 * `add` writes `HOST  # COMMENT`; without --comment, when breakfix runs it
 * as an action (BREAKFIX_ACTION, BREAKFIX_DAY, BREAKFIX_PASS in its
 * environment), the comment is `breakfix ACTION DAY pass N`: the file itself
 * then says who excluded each host, when, and why, and a view can tell
 * breakfix's drains from an operator's. `list` prints every entry and its
 * comment as a text table (entry, comment; `-` for none; sorted), which a
 * `table` source with `format: text` reads.
 *
 * Hostnames come from argv or a hosts file (one per line, `#` comments),
 * are validated as RFC 1123 names or IP literals, and never reach a shell:
 * the `--then` commands are argv too, run without one.
 *
 * Exit: 0 done (including "already listed" / "not listed"), 1 a host file
 * could not be edited, a hosts file names something that is not a host, or a
 * refresh command failed, 2 a wrong command line.
 */
export const USAGE = `usage: breakfix-exclude (add | remove) --file FILE [--file FILE]... (--hosts-file PATH | --host NAME)...
                        [--comment TEXT] [--lock-timeout SECONDS] [--then PROGRAM [ARG]... ';']...
       breakfix-exclude list --file FILE`;

export interface ExcludeCommand {
  readonly verb: 'add' | 'remove' | 'list';
  readonly files: readonly string[];
  readonly hosts: readonly string[];
  readonly hostsFiles: readonly string[];
  readonly comment: string | undefined;
  readonly lockTimeoutSeconds: number;
  /** Commands run after every file is edited, in order. */
  readonly then: readonly (readonly string[])[];
}

/** Parse the command line (pure). Hosts files are read later, by hostsOf. */
export function parseArgs(argv: readonly string[]): ExcludeCommand {
  const [verb, ...rest] = argv;
  if (verb !== 'add' && verb !== 'remove' && verb !== 'list') throw new UsageError(`expected add, remove or list, got ${verb === undefined ? 'nothing' : JSON.stringify(verb)}\n${USAGE}`);
  const files: string[] = [];
  const hosts: string[] = [];
  const hostsFiles: string[] = [];
  const then: string[][] = [];
  let comment: string | undefined;
  let lockTimeoutSeconds = 60;
  const value = (i: number, flag: string): string => {
    const v = rest[i];
    if (v === undefined || v === '') throw new UsageError(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    switch (flag) {
      case '--file':
        files.push(value(++i, flag));
        break;
      case '--host':
        hosts.push(value(++i, flag));
        break;
      case '--hosts-file':
        hostsFiles.push(value(++i, flag));
        break;
      case '--comment': {
        const c = value(++i, flag);
        // eslint-disable-next-line no-control-regex
        if (/[\x00-\x1f\x7f]/.test(c)) throw new UsageError('--comment must be one line of printable text');
        comment = c;
        break;
      }
      case '--lock-timeout': {
        const v = value(++i, flag);
        if (!/^\d+$/.test(v)) throw new UsageError(`--lock-timeout wants whole seconds, got ${JSON.stringify(v)}`);
        lockTimeoutSeconds = Number(v);
        break;
      }
      case '--then': {
        const cmd: string[] = [];
        for (i++; i < rest.length && rest[i] !== ';'; i++) cmd.push(rest[i]!);
        if (cmd.length === 0) throw new UsageError(`--then needs a command (ended by ';' or the end of the line)\n${USAGE}`);
        then.push(cmd);
        break;
      }
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  if (files.length === 0) throw new UsageError(`--file is required\n${USAGE}`);
  if (verb === 'list') {
    if (hosts.length + hostsFiles.length > 0 || then.length > 0 || comment !== undefined) throw new UsageError(`list takes only --file\n${USAGE}`);
  } else if (hosts.length + hostsFiles.length === 0) {
    throw new UsageError(`no hosts: give --host NAME or --hosts-file PATH\n${USAGE}`);
  }
  if (verb === 'remove' && comment !== undefined) throw new UsageError('--comment is for add');
  return { verb, files, hosts, hostsFiles, comment, lockTimeoutSeconds, then };
}

/** Every host named, validated and lower-cased, in the order given (argv first, then each hosts file). */
export function hostsOf(cmd: ExcludeCommand, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): string[] {
  const out: string[] = [];
  for (const h of cmd.hosts) {
    const r = normalizeHost(h, { lowercase: true, stripPort: false });
    if (!r.ok) throw new UsageError(`--host: ${r.problem}`);
    out.push(r.hostname);
  }
  for (const file of cmd.hostsFiles) {
    let text: string;
    try {
      text = readFile(file);
    } catch (err) {
      throw new InputError({ file }, `cannot read the hosts file: ${(err as Error).message}`);
    }
    text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (line === '') return;
      const r = normalizeHost(line, { lowercase: true, stripPort: false });
      if (!r.ok) throw new InputError({ file, line: i + 1 }, r.problem);
      out.push(r.hostname);
    });
  }
  return out;
}

/** `breakfix drain 2026-12-04 pass 3` when breakfix runs the command as an action, else none. */
export function defaultComment(env: NodeJS.ProcessEnv): string | undefined {
  const action = env['BREAKFIX_ACTION'];
  if (action === undefined || !/^[a-z][a-z0-9-]*$/.test(action)) return undefined;
  const day = env['BREAKFIX_DAY'];
  const pass = env['BREAKFIX_PASS'];
  const when = [day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : '', pass !== undefined && /^\d+$/.test(pass) ? `pass ${pass}` : ''].filter((x) => x !== '');
  return ['breakfix', action, ...when].join(' ');
}

/** One line per file: what changed and what was already so. */
export function describe(file: string, verb: 'add' | 'remove', changed: readonly string[], unchanged: readonly string[]): string {
  const did = verb === 'add' ? 'added' : 'removed';
  const was = verb === 'add' ? 'already listed' : 'not listed';
  const parts = [`${did} ${changed.length}${changed.length > 0 ? ` (${changed.join(', ')})` : ''}`];
  if (unchanged.length > 0) parts.push(`${was} ${unchanged.length} (${unchanged.join(', ')})`);
  return `${file}: ${parts.join('; ')}`;
}

/** Do what the command line says; throws BreakfixErrors (main.ts turns them into exit codes). */
export function run(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const cmd = parseArgs(argv);
  if (cmd.verb === 'list') {
    for (const file of cmd.files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new InputError({ file }, `cannot read the host file: ${(err as Error).message}`);
      }
      const rows = new Set(listEntries(text).map((e) => encodeRow([e.entry, e.comment])));
      for (const row of [...rows].sort(compareBytewise)) process.stdout.write(`${row}\n`);
    }
    return EXIT.ok;
  }
  const hosts = hostsOf(cmd);
  const comment = cmd.comment ?? defaultComment(env);
  for (const file of cmd.files) {
    const verb = cmd.verb;
    const edit = editLocked(file, (text) => (verb === 'add' ? addHosts(text, hosts, comment) : removeHosts(text, hosts)), {
      lockTimeoutSeconds: cmd.lockTimeoutSeconds,
    });
    process.stdout.write(`${describe(file, verb, edit.changed, edit.unchanged)}\n`);
  }
  for (const argvThen of cmd.then) {
    process.stdout.write(`running: ${argvThen.join(' ')}\n`);
    const r = spawnSync(argvThen[0]!, argvThen.slice(1), { stdio: 'inherit', shell: false });
    if (r.error !== undefined) throw new ActionError(`${argvThen[0]}: cannot run: ${r.error.message}`);
    if (r.status !== 0) throw new ActionError(`${argvThen.join(' ')}: exited ${r.status ?? `on ${r.signal}`}`);
  }
  return EXIT.ok;
}
