// How the mini cluster's programs start Java: the classpath Maven wrote
// (`mvn -f hadoop/pom.xml package`), the module openings Hadoop 3.4 needs on
// JDK 17, and the cluster's own name service. Shared by mini-hadoop, hdfs
// and yarn; hostnames only ever travel as argv, never through a shell.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HADOOP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET = join(HADOOP_DIR, 'target');

/** java.base packages Hadoop reflects into (the list Hadoop's own scripts pass on JDK 17). */
const ADD_OPENS = [
  'java.base/java.lang',
  'java.base/java.lang.reflect',
  'java.base/java.lang.invoke',
  'java.base/java.io',
  'java.base/java.net',
  'java.base/java.nio',
  'java.base/java.util',
  'java.base/java.util.concurrent',
  'java.base/java.util.concurrent.atomic',
  'java.base/java.util.regex',
  'java.base/sun.nio.ch',
  'java.base/sun.nio.cs',
  'java.base/sun.security.action',
  'java.base/sun.util.calendar',
  'java.security.jgss/sun.security.krb5',
].map((p) => `--add-opens=${p}=ALL-UNNAMED`);

/** The dependency jars, or an error that says how to build them. */
export function dependencyClasspath() {
  const file = join(TARGET, 'classpath.txt');
  if (!existsSync(file) || !existsSync(join(TARGET, 'mini-hadoop.jar'))) {
    throw new Error(`the mini cluster is not built: run  mvn -q -B -f ${join(HADOOP_DIR, 'pom.xml')} package`);
  }
  return readFileSync(file, 'utf8').trim();
}

export function harnessJar() {
  return join(TARGET, 'mini-hadoop.jar');
}

/**
 * JVM options for a program of the cluster whose client configuration is
 * `confDir`: its hosts file is the JVM's name service, so the workers'
 * hostnames resolve (to 127.0.1.x) there as DNS resolves them on a real
 * network.
 */
export function jvmOptions(confDir) {
  const opts = ['-Djava.net.preferIPv4Stack=true', '-Dfile.encoding=UTF-8', ...ADD_OPENS];
  const hosts = confDir === undefined ? undefined : join(confDir, 'hosts');
  if (hosts !== undefined && existsSync(hosts)) opts.push(`-Djdk.net.hosts.file=${hosts}`);
  return opts;
}

/** `java` from JAVA_HOME when set, else from PATH. */
export function javaBinary() {
  const home = process.env['JAVA_HOME'];
  return home ? join(home, 'bin', 'java') : 'java';
}
