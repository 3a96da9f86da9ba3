import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';
import { TestWorkspace } from '../../helpers/import.js';
import { isValidStoredHostname } from './hostname-oracle.js';
import { FUZZED, FUZZED_PATH, INVENTORY_FILE, INVENTORY_SOURCE, type FuzzTarget } from './targets.js';

/** What one import of one fuzzed input came to. */
export type RunOutcome =
  | { readonly kind: 'accepted'; readonly rows: number; readonly invalidHosts: readonly InvalidHost[] }
  | {
      readonly kind: 'rejected';
      readonly message: string;
      /** The message starts with the file's path, as every input error must. */
      readonly namesFile: boolean;
      /** It also gives a line or a JSON path. */
      readonly located: boolean;
      /** SQLite refused a row the parser let through (asInputError's "database error while importing"). */
      readonly byDatabase: boolean;
    }
  | { readonly kind: 'exception'; readonly error: string }
  | { readonly kind: 'unexpected'; readonly detail: string };

export interface InvalidHost {
  readonly column: string;
  readonly value: unknown;
}

export interface RunResult {
  readonly outcome: RunOutcome;
  /** How long the import took. */
  readonly ms: number;
}

/**
 * A workspace whose config holds one target's `fuzzed` source (and, for the
 * IP-mapping targets, the corpus inventory), imported in-process through
 * `importSources` exactly as `breakfix import` does: parse, hostname
 * normalisation and validation, the finish phase, IP mapping, commit or
 * rollback. One workspace serves all of a target's runs: each run rewrites
 * the file and forces a re-import, which replaces the source's rows.
 */
export class FuzzWorkspace {
  /** The fuzzed file, as the importer names it in its errors. */
  readonly file: string;

  private constructor(
    readonly target: FuzzTarget,
    private readonly tw: TestWorkspace,
  ) {
    this.file = join(tw.dir, FUZZED_PATH);
  }

  static async open(target: FuzzTarget): Promise<FuzzWorkspace> {
    // The fuzzed file exists from the start (empty): each run overwrites it.
    const files: Record<string, Buffer> = { [FUZZED_PATH]: Buffer.alloc(0) };
    if (target.withInventory) files[INVENTORY_FILE] = readFileSync(join(ROOT, 'test', 'corpus', 'workspace', INVENTORY_FILE));
    const tw = new TestWorkspace(configFor(target), files);
    if (target.withInventory) {
      const [report] = await tw.import(['inventory']);
      if (report?.status !== 'ok') throw new Error(`the corpus inventory did not import: ${report?.error ?? 'no report'}`);
    }
    return new FuzzWorkspace(target, tw);
  }

  /** Write `bytes` as the source's file, import it, and say what happened. */
  async run(bytes: Buffer): Promise<RunResult> {
    writeFileSync(this.file, bytes);
    const started = performance.now();
    let reports;
    try {
      reports = await this.tw.import([FUZZED], true);
    } catch (err) {
      // importSource turns every input problem into a failed report; what escapes is a bug.
      return { outcome: { kind: 'exception', error: describeError(err) }, ms: performance.now() - started };
    }
    const ms = performance.now() - started;
    if (reports.length !== 1) return { outcome: { kind: 'unexpected', detail: `${reports.length} import reports for one source` }, ms };
    const report = reports[0]!;
    if (report.status === 'ok') return { outcome: { kind: 'accepted', rows: report.rows, invalidHosts: await this.invalidHosts(report.importId) }, ms };
    if (report.status === 'failed') return { outcome: this.rejection(report.error ?? ''), ms };
    return { outcome: { kind: 'unexpected', detail: `status ${report.status} for a forced import` }, ms };
  }

  async close(): Promise<void> {
    await this.tw.close();
  }

  /** Every hostname the import stored that the oracle does not accept. */
  private async invalidHosts(importId: number): Promise<InvalidHost[]> {
    const bad: InvalidHost[] = [];
    for (const col of this.target.hostColumns) {
      const rows = await this.tw.rows(col.sql, ...(col.byImport ? [importId] : []));
      for (const { host } of rows) {
        if (col.emptyAllowed && (host === null || host === '')) continue;
        if (!isValidStoredHostname(host)) bad.push({ column: col.what, value: host });
      }
    }
    return bad;
  }

  private rejection(message: string): RunOutcome {
    const prefix = `${this.file}:`;
    const namesFile = message.startsWith(prefix);
    const rest = message.slice(prefix.length);
    return {
      kind: 'rejected',
      message,
      namesFile,
      located: namesFile && (/^\d+: /.test(rest) || rest.startsWith(' $')),
      byDatabase: message.includes('database error while importing'),
    };
  }
}

function configFor(target: FuzzTarget): string {
  const hosts = [...target.hosts, ...(target.withInventory ? ['inventory: inventory'] : [])];
  const lines = hosts.length > 0 ? ['hosts:', ...hosts.map((h) => `  ${h}`)] : [];
  lines.push('sources:');
  if (target.withInventory) lines.push(`  inventory: ${INVENTORY_SOURCE}`);
  lines.push(`  ${FUZZED}: ${target.source}`);
  return lines.join('\n') + '\n';
}

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}\n${err.stack ?? ''}`;
  return `a thrown ${typeof err}: ${String(err)}`;
}
