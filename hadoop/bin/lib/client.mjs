// The shared body of bin/hdfs and bin/yarn: parse `[--config DIR] SUBCOMMAND
// ARGS...` as Hadoop's scripts do, run the subcommand's class in a JVM with
// the client configuration first on the classpath, and exit with its code.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { dependencyClasspath, javaBinary, jvmOptions } from './java.mjs';

export function runClient(command, subcommands) {
  const args = process.argv.slice(2);
  let confDir = process.env['HADOOP_CONF_DIR'];
  if (args[0] === '--config') {
    if (args.length < 2) usage(command, subcommands, '--config needs a directory');
    confDir = args[1];
    args.splice(0, 2);
  }
  const sub = args.shift();
  const mainClass = sub === undefined ? undefined : subcommands[sub];
  if (mainClass === undefined) usage(command, subcommands, sub === undefined ? 'no subcommand' : `unknown subcommand ${sub}`);
  if (confDir === undefined) usage(command, subcommands, 'no configuration directory: --config DIR or HADOOP_CONF_DIR');
  let classpath;
  try {
    classpath = dependencyClasspath();
  } catch (e) {
    process.stderr.write(`${command}: ${e.message}\n`);
    process.exit(1);
  }
  const conf = resolve(confDir);
  const java = [
    ...jvmOptions(conf),
    // A short-lived client: the quickest JIT and GC to start.
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-Xshare:auto',
    '-Xmx256m',
    '-cp',
    `${conf}:${classpath}`,
    mainClass,
    ...args,
  ];
  const r = spawnSync(javaBinary(), java, { stdio: 'inherit' });
  if (r.error !== undefined) {
    process.stderr.write(`${command}: cannot run java: ${r.error.message}\n`);
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}

function usage(command, subcommands, problem) {
  process.stderr.write(`${command}: ${problem}\nusage: ${command} [--config DIR] (${Object.keys(subcommands).join(' | ')}) ARGS...\n`);
  process.exit(2);
}
