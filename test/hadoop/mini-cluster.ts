import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../helpers/cli.js';

/**
 * The mini Hadoop cluster (hadoop/, built by `mvn -f hadoop/pom.xml
 * package`) from TypeScript: one JVM started through hadoop/bin/mini-hadoop,
 * its line protocol on stdin/stdout (one command line out, one JSON line
 * back, in order), and the NameNode's and ResourceManager's own HTTP
 * endpoints for what a test asserts.
 */
export const HADOOP_DIR = join(ROOT, 'hadoop');
export const HADOOP_BIN = join(HADOOP_DIR, 'bin');
export const BUILD_HINT = `mvn -q -B -f ${join(HADOOP_DIR, 'pom.xml')} package`;

export interface Host {
  readonly name: string;
  readonly rack: string;
}

export interface MiniClusterOptions {
  /** The cluster's own files (data directories, logs). */
  readonly dir: string;
  /** Where it writes its client configuration (a workspace's hadoop-conf/). */
  readonly confDir: string;
  /** Where it writes the hosts failing their health checks. */
  readonly healthFile?: string;
  readonly hosts: readonly Host[];
  /** Include-file entries with no machine behind them. */
  readonly ghosts?: readonly string[];
  /** `json`: the NameNode reads the combined JSON hosts file (needed for maintenance). */
  readonly hostsProvider?: 'text' | 'json';
  readonly files?: number;
  readonly blocks?: number;
}

export interface DatanodeTruth {
  readonly hostname: string;
  readonly ip: string;
  readonly xferPort: number;
  readonly rack: string;
  readonly adminState: string;
  readonly live: boolean;
  readonly registered: boolean;
  readonly numBlocks: number;
}

export interface NodeManagerTruth {
  readonly nodeId: string;
  readonly hostname: string;
  readonly state: string;
  readonly rack: string;
  readonly httpAddress: string;
  readonly healthReport: string;
  readonly active: boolean;
}

export interface HarnessAction {
  readonly seq: number;
  readonly time: string;
  readonly command: string;
  readonly subject: string;
  readonly namenodeBefore?: string | null;
}

export interface Status {
  readonly namenode: { readonly uri: string; readonly http: string };
  readonly resourcemanager: { readonly address: string; readonly admin: string; readonly web: string } | null;
  readonly hosts: readonly { readonly name: string; readonly rack: string; readonly ip: string; readonly failing: boolean }[];
  readonly files: number;
  readonly startMillis?: number;
}

type Reply = Record<string, unknown> & { ok?: boolean; error?: string };

/** Hosts (name, rack) from a workspace's inventory TSV (header: hostname, cluster, rack, role). */
export function hostsOfInventory(file: string): Host[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header!.split('\t');
  const name = cols.indexOf('hostname');
  const rack = cols.indexOf('rack');
  return lines.map((l) => l.split('\t')).map((f) => ({ name: f[name]!, rack: f[rack]! }));
}

/**
 * A directory for PATH holding the commands an operator's machine has:
 * `hdfs`, `yarn` (the mini cluster's stand-ins), `mini-hadoop` (its
 * reinstall) and `breakfix-exclude` (the built program, as npm installs it).
 */
export function operatorBin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const name of ['hdfs', 'yarn', 'mini-hadoop']) symlinkSync(join(HADOOP_BIN, name), join(dir, name));
  symlinkSync(join(ROOT, 'dist', 'bundle', 'breakfix-exclude.js'), join(dir, 'breakfix-exclude'));
  return dir;
}

export class MiniCluster {
  private readonly pending: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private exited: string | null = null;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly status: Status,
    readonly logDir: string,
    lines: AsyncIterableIterator<string>,
  ) {
    void (async () => {
      for await (const line of lines) {
        const p = this.pending.shift();
        if (p === undefined) continue;
        try {
          p.resolve(JSON.parse(line) as Reply);
        } catch {
          p.reject(new Error(`mini-hadoop replied with something that is not JSON: ${line}`));
        }
      }
    })();
    child.on('exit', (code, signal) => {
      this.exited = `mini-hadoop exited (${code ?? signal}); see ${logDir}`;
      for (const p of this.pending.splice(0)) p.reject(new Error(this.exited));
    });
  }

  static async start(opts: MiniClusterOptions, timeoutMs = 240_000): Promise<MiniCluster> {
    if (!existsSync(join(HADOOP_DIR, 'target', 'classpath.txt'))) {
      throw new Error(`the mini Hadoop cluster is not built: run  ${BUILD_HINT}  (npm run test:hadoop does)`);
    }
    mkdirSync(opts.dir, { recursive: true });
    const args = ['start', '--dir', join(opts.dir, 'cluster'), '--conf', opts.confDir];
    if (opts.healthFile !== undefined) args.push('--health', opts.healthFile);
    for (const h of opts.hosts) args.push('--host', `${h.name}=${h.rack}`);
    for (const g of opts.ghosts ?? []) args.push('--ghost', g);
    if (opts.hostsProvider !== undefined) args.push('--hosts-provider', opts.hostsProvider);
    if (opts.files !== undefined) args.push('--files', String(opts.files));
    if (opts.blocks !== undefined) args.push('--blocks', String(opts.blocks));
    const child = spawn(join(HADOOP_BIN, 'mini-hadoop'), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.pipe(createWriteStream(join(opts.dir, 'stderr.log')));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const ready = await Promise.race([
      lines.next(),
      new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`mini-hadoop exited ${code} before it was ready; see ${opts.dir}/stderr.log and ${opts.dir}/cluster/mini-hadoop.log`)))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`mini-hadoop not ready after ${timeoutMs / 1000}s; see ${opts.dir}`)), timeoutMs).unref()),
    ]);
    if (ready.done === true) throw new Error(`mini-hadoop closed its output before it was ready; see ${opts.dir}/stderr.log`);
    const status = JSON.parse(ready.value) as Status & { ready?: boolean };
    if (status.ready !== true) throw new Error(`mini-hadoop's first line is not its ready line: ${ready.value}`);
    return new MiniCluster(child, status, opts.dir, lines);
  }

  /** One protocol command; rejects when the reply is not ok. */
  send(command: string): Promise<Reply> {
    if (this.exited !== null) return Promise.reject(new Error(this.exited));
    return new Promise<Reply>((resolve, reject) => {
      this.pending.push({
        resolve: (r) => (r.ok === true ? resolve(r) : reject(new Error(`mini-hadoop ${command}: ${r.error ?? JSON.stringify(r)}`))),
        reject,
      });
      this.child.stdin.write(`${command}\n`);
    });
  }

  down(host: string) {
    return this.send(`down ${host}`);
  }

  up(host: string) {
    return this.send(`up ${host}`);
  }

  fail(host: string) {
    return this.send(`fail ${host}`);
  }

  heal(host: string) {
    return this.send(`heal ${host}`);
  }

  async truth(): Promise<{ datanodes: DatanodeTruth[]; nodemanagers: NodeManagerTruth[] }> {
    const r = await this.send('truth');
    return { datanodes: r['datanodes'] as DatanodeTruth[], nodemanagers: r['nodemanagers'] as NodeManagerTruth[] };
  }

  async actions(): Promise<HarnessAction[]> {
    return (await this.send('actions'))['actions'] as HarnessAction[];
  }

  async verify(): Promise<{ files: number; bytes: number; bad: { path: string; error: string }[] }> {
    const r = await this.send('verify');
    return { files: r['files'] as number, bytes: r['bytes'] as number, bad: r['bad'] as { path: string; error: string }[] };
  }

  /** The NameNode's JMX beans (the same endpoint the workspace's jmx source reads). */
  async jmx(query = 'Hadoop:service=NameNode,name=*'): Promise<{ beans: Record<string, unknown>[] }> {
    const res = await fetch(`http://${this.status.namenode.http}/jmx?qry=${query}`);
    if (!res.ok) throw new Error(`NameNode JMX: HTTP ${res.status}`);
    return (await res.json()) as { beans: Record<string, unknown>[] };
  }

  /** Missing and corrupt blocks as the NameNode's FSNamesystem bean reports them. */
  async blockHealth(): Promise<BlockSample> {
    const { beans } = await this.jmx('Hadoop:service=NameNode,name=FSNamesystem');
    const b = beans[0]!;
    return {
      at: Date.now(),
      missing: Number(b['MissingBlocks']),
      corrupt: Number(b['CorruptBlocks']),
      underReplicated: Number(b['UnderReplicatedBlocks']),
    };
  }

  async stop(): Promise<void> {
    if (this.exited !== null) return;
    const gone = new Promise<void>((resolve) => this.child.on('exit', () => resolve()));
    this.child.stdin.end();
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await gone;
    clearTimeout(killer);
  }
}

export interface BlockSample {
  readonly at: number;
  readonly missing: number;
  readonly corrupt: number;
  readonly underReplicated: number;
}

/**
 * Polls the NameNode's missing and corrupt block counts in the background
 * (between and during passes) until stopped; every sample is kept.
 */
export function watchBlocks(cluster: MiniCluster, intervalMs = 250): { samples: BlockSample[]; stop: () => Promise<BlockSample[]> } {
  const samples: BlockSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        samples.push(await cluster.blockHealth());
      } catch {
        // The NameNode's HTTP server is busy or restarting: the next sample counts.
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** Poll `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
