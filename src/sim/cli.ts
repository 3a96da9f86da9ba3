#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ACTION_NAMES, type Invoker } from './actions.js';
import { DEFAULT_START, MAX_HOSTS, MIN_HOSTS } from './fleet.js';
import { isoTime, parseIsoTime } from './iso-time.js';
import type { SimConfigPatch } from './sim-config.js';
import {
  actCommand,
  configureCommand,
  initCommand,
  namenodeCommand,
  nowCommand,
  renderCommand,
  statusCommand,
  tickCommand,
  type CommandOutput,
} from './sim-commands.js';
import { SimError } from './sim-error.js';

/**
 * `sim`: the fleet simulator's command line. Parses, calls one command in
 * sim-commands.ts, prints its output, returns the exit code. See README.md.
 */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  let result: CommandOutput | undefined;
  const run = (fn: () => CommandOutput): void => {
    result = fn();
  };
  const program = new Command('sim')
    .description('Seeded Hadoop fleet simulator: renders breakfix inputs, applies drain/rekick/release.')
    .exitOverride()
    .showSuggestionAfterError(true);

  withConfigOptions(
    program
      .command('init')
      .description('create a new world and render it into DIR/inputs/')
      .option('--dir <dir>', 'workspace directory', '.')
      .option('--seed <n>', 'random seed', integer('--seed', -2147483648, 2147483647), 1)
      .option('--hosts <n>', `number of hosts (${MIN_HOSTS} to ${MAX_HOSTS})`, integer('--hosts', MIN_HOSTS, MAX_HOSTS), 3000)
      .option('--start <time>', 'sim clock at init, ISO-8601', isoOption, DEFAULT_START)
      .option('--force', 'replace an existing world and its action log'),
  ).action((o: InitFlags) => {
    run(() => initCommand({ dir: o.dir, seed: o.seed, hosts: o.hosts, start: o.start, force: o.force === true, config: configPatch(o) }));
  });

  program
    .command('tick')
    .description('advance the sim clock (random events happen), then re-render the inputs')
    .option('--dir <dir>', 'workspace directory', '.')
    .option('--n <k>', 'ticks to advance', integer('--n', 0, 100_000), 1)
    .action((o: { dir: string; n: number }) => run(() => tickCommand(o.dir, o.n)));

  program
    .command('render')
    .description('re-render DIR/inputs/ from the state')
    .option('--dir <dir>', 'workspace directory', '.')
    .action((o: { dir: string }) => run(() => renderCommand(o.dir)));

  for (const action of ACTION_NAMES) {
    program
      .command(action)
      .description(ACTION_HELP[action])
      .option('--dir <dir>', 'workspace directory', '.')
      .option('--host <name>', 'one host')
      .option('--hosts-file <file>', 'a file of hostnames, one per line')
      .action((o: { dir: string; host?: string; hostsFile?: string }) =>
        run(() => actCommand({ dir: o.dir, action, host: o.host, hostsFile: o.hostsFile, invoker: invokerOf(env) })),
      );
  }

  program
    .command('namenode')
    .description("set a cluster's NameNode incident: missing blocks, blocks with corrupt replicas, safe mode (the HDFS report's summary shows it)")
    .option('--dir <dir>', 'workspace directory', '.')
    .requiredOption('--cluster <name>', 'the cluster')
    .option('--missing-blocks <n>', 'blocks with no live replica', integer('--missing-blocks', 0, 1e12))
    .option('--corrupt-blocks <n>', 'blocks with corrupt replicas', integer('--corrupt-blocks', 0, 1e12))
    .option('--safe-mode <on|off>', 'put the NameNode in safe mode or take it out', onOff('--safe-mode'))
    .option('--ticks <k>', 'the incident clears by itself after K ticks (default: it stays until set back)', integer('--ticks', 0, 100_000))
    .action((o: { dir: string; cluster: string; missingBlocks?: number; corruptBlocks?: number; safeMode?: boolean; ticks?: number }) =>
      run(() => namenodeCommand(o)),
    );

  program
    .command('status')
    .description('counts per cluster: in service, decommissioning, decommissioned, dead, broken, in repair, out by actions')
    .option('--dir <dir>', 'workspace directory', '.')
    .option('--json', 'print JSON')
    .action((o: { dir: string; json?: boolean }) => run(() => statusCommand(o.dir, o.json === true)));

  program
    .command('now')
    .description('print the sim clock as ISO-8601 UTC (for BREAKFIX_NOW)')
    .option('--dir <dir>', 'workspace directory', '.')
    .action((o: { dir: string }) => run(() => nowCommand(o.dir)));

  withConfigOptions(
    program.command('configure').description('change the rates and probabilities of an existing world').option('--dir <dir>', 'workspace directory', '.'),
  ).action((o: ConfigFlags & { dir: string }) => run(() => configureCommand(o.dir, configPatch(o))));

  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end in a CommanderError too; commander printed them already.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof SimError) {
      process.stderr.write(`sim: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof RangeError) {
      process.stderr.write(`sim: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (result === undefined) return 0;
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

const ACTION_HELP: Record<(typeof ACTION_NAMES)[number], string> = {
  drain: 'exclude hosts: HDFS decommissions them over a few ticks, YARN decommissions their NodeManagers',
  rekick: 'reinstall hosts: down for a few ticks, then back clean (or, sometimes, still dead); unsafe unless HDFS has them decommissioned',
  release: 'return hosts to service: out of the exclude file, recommissioned, NodeManager under a new port',
};

interface ConfigFlags {
  readonly tickMinutes?: number;
  readonly faultScale?: number;
  readonly rekickFail?: number;
  readonly actionFail?: number;
  readonly rekickTicks?: readonly [number, number];
  readonly config?: string;
}

interface InitFlags extends ConfigFlags {
  readonly dir: string;
  readonly seed: number;
  readonly hosts: number;
  readonly start: number;
  readonly force?: boolean;
}

function withConfigOptions(cmd: Command): Command {
  return cmd
    .option('--tick-minutes <m>', 'sim minutes per tick (default 10)', integer('--tick-minutes', 1, 10_080))
    .option('--fault-scale <x>', 'multiply every fault onset rate', number('--fault-scale', 0, 1e6))
    .option('--rekick-fail <p>', 'probability a rekick leaves the host dead (default 0.1)', number('--rekick-fail', 0, 1))
    .option('--action-fail <p>', 'probability an action command fails and changes nothing (default 0)', number('--action-fail', 0, 1))
    .option('--rekick-ticks <min-max>', 'ticks a rekick keeps a host down (default 2-4)', tickRange)
    .option('--config <file>', 'JSON with any of tickSeconds, rates{...}, faultScale, rekickFailProbability, actionFailProbability, rekickTicks, yarnDecommissionTicks');
}

/** Flags over the JSON file: the file gives a base, explicit flags win. */
function configPatch(f: ConfigFlags): SimConfigPatch {
  const file: SimConfigPatch = f.config === undefined ? {} : readConfigFile(f.config);
  return {
    ...file,
    ...(f.tickMinutes === undefined ? {} : { tickSeconds: f.tickMinutes * 60 }),
    ...(f.faultScale === undefined ? {} : { faultScale: f.faultScale }),
    ...(f.rekickFail === undefined ? {} : { rekickFailProbability: f.rekickFail }),
    ...(f.actionFail === undefined ? {} : { actionFailProbability: f.actionFail }),
    ...(f.rekickTicks === undefined ? {} : { rekickTicks: f.rekickTicks }),
  };
}

function readConfigFile(file: string): SimConfigPatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SimError(`${file}: cannot read the config JSON (${(err as Error).message})`, 2);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SimError(`${file}: expected a JSON object`, 2);
  const known = ['tickSeconds', 'rates', 'faultScale', 'rekickFailProbability', 'actionFailProbability', 'rekickTicks', 'yarnDecommissionTicks'];
  const unknown = Object.keys(parsed).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new SimError(`${file}: unknown key ${unknown.join(', ')}; expected any of ${known.join(', ')}`, 2);
  return parsed as SimConfigPatch;
}

function invokerOf(env: NodeJS.ProcessEnv): Invoker | null {
  const value = (key: string): string | null => {
    const v = env[key];
    return v === undefined || v === '' ? null : v;
  };
  const invoker = { action: value('BREAKFIX_ACTION'), day: value('BREAKFIX_DAY'), pass: value('BREAKFIX_PASS') };
  return invoker.action === null && invoker.day === null && invoker.pass === null ? null : invoker;
}

function integer(flag: string, lo: number, hi: number): (v: string) => number {
  return (v) => {
    if (!/^-?\d+$/.test(v) || Number(v) < lo || Number(v) > hi) throw new InvalidArgumentError(`${flag}: expected a whole number from ${lo} to ${hi}, got "${v}"`);
    return Number(v);
  };
}

function number(flag: string, lo: number, hi: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) throw new InvalidArgumentError(`${flag}: expected a number from ${lo} to ${hi}, got "${v}"`);
    return n;
  };
}

function onOff(flag: string): (v: string) => boolean {
  return (v) => {
    if (v !== 'on' && v !== 'off') throw new InvalidArgumentError(`${flag}: expected on or off, got "${v}"`);
    return v === 'on';
  };
}

function isoOption(v: string): number {
  const t = parseIsoTime(v);
  if (t === undefined) throw new InvalidArgumentError(`--start: expected an ISO-8601 time like ${isoTime(DEFAULT_START)}, got "${v}"`);
  return t;
}

function tickRange(v: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(v);
  if (m === null || Number(m[1]) < 1 || Number(m[2]) < Number(m[1])) throw new InvalidArgumentError(`--rekick-ticks: expected MIN-MAX whole ticks like 2-4, got "${v}"`);
  return [Number(m[1]), Number(m[2])];
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) exitOnceWritten(main(process.argv.slice(2)));

/**
 * Exit as soon as stdout and stderr have taken what main wrote. Left to end by
 * itself, the process would first let V8 finish the garbage collection the
 * command's large heap started: tens of milliseconds per command, for nothing.
 */
function exitOnceWritten(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
