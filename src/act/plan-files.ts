import { compareBytewise } from '../util/bytewise.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { decodeField, encodeRow, EscapeError } from '../util/text-table.js';
import { normalizeHost, type HostOptions } from '../hosts/hostname.js';
import { ARTIFACT_FORMATS, artifactFormat } from '../util/artifact-format.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ensureRealDir, readRegularFile } from '../util/safe-fs.js';

/** A plan row: plan/<action> is a text table of these columns, no header. */
export interface PlanRow {
  readonly hostname: string;
  readonly cluster: string;
  readonly spread: string | null;
  readonly group: string | null;
}

export const PLAN_COLUMNS = ['hostname', 'cluster', 'spread', 'group'] as const;

export function planFile(planDir: string, action: string): string {
  return join(planDir, action);
}

export function planJsonFile(planDir: string, action: string): string {
  return join(planDir, `${action}.json`);
}

/**
 * Write plan/<action> (the hosts, a text table sorted bytewise, so `comm` and
 * `diff` work on plans too) and plan/<action>.json (how it was derived).
 * Both are written to temporary files and renamed: a reader or a crash sees
 * a whole plan or the previous one. plan/ is never a link (see safe-fs).
 * The explanation is written with its format version first (`"format": 1`,
 * see readPlanExplanation).
 */
export function writePlan(planDir: string, action: string, rows: readonly PlanRow[], explanation: object): void {
  ensureRealDir(planDir);
  const lines = rows.map((r) => encodeRow([r.hostname, r.cluster, r.spread, r.group])).sort(compareBytewise);
  const json = { format: ARTIFACT_FORMATS.plan, ...explanation };
  writeFileAtomic(planJsonFile(planDir, action), JSON.stringify(json, null, 2) + '\n');
  writeFileAtomic(planFile(planDir, action), lines.map((l) => l + '\n').join(''));
}

/**
 * Read a plan back from disk, as an operator may have edited it. A missing
 * file is a plan of nothing. Lines are parsed strictly: a malformed line or a
 * hostname that is not one is an error at its line — an edited plan is
 * checked, never trusted. Hostnames are normalised with the config's `hosts:`
 * options, as every source's are, so a host added as `DN01:9866` or `dn01`
 * is the host the views, deny lists and journal know.
 */
export function readPlan(planDir: string, action: string, hosts: HostOptions): { exists: boolean; rows: PlanRow[] } {
  const file = planFile(planDir, action);
  if (!existsSync(file)) return { exists: false, rows: [] };
  const text = readRegularFile(file).toString('utf8');
  const rows: PlanRow[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '' || line.startsWith('#')) return; // an operator may blank out or comment a line
    const fields = line.replace(/\r$/, '').split('\t');
    if (fields.length < 2 || fields.length > 4) {
      throw new InputError({ file, line: lineNo }, `expected hostname, cluster[, spread, group] separated by TABs, got ${fields.length} field${fields.length === 1 ? '' : 's'}`);
    }
    let values: (string | null)[];
    try {
      values = fields.map(decodeField);
    } catch (err) {
      if (err instanceof EscapeError) throw new InputError({ file, line: lineNo }, err.message);
      throw err;
    }
    const [host, cluster, spread, group] = values;
    const h = normalizeHost(host ?? '', hosts);
    if (!h.ok) throw new InputError({ file, line: lineNo }, h.problem);
    if (cluster === null || cluster === undefined || cluster === '') throw new InputError({ file, line: lineNo }, 'cluster is empty');
    if (seen.has(h.hostname)) return;
    seen.add(h.hostname);
    rows.push({ hostname: h.hostname, cluster, spread: spread ?? null, group: group ?? null });
  });
  return { exists: true, rows };
}

/**
 * Read plan/<action>.json back: null when there is none. The file is JSON of
 * a format this breakfix reads (one written before the format field existed
 * is format 1, the same shape); a newer or unknown format is a WorkspaceError
 * naming the file and the format. Unparseable JSON throws as JSON.parse does;
 * what the explanation must hold beyond that is the reader's business.
 */
export function readPlanExplanation(planDir: string, action: string): { readonly format: number; readonly json: Record<string, unknown> } | null {
  const file = planJsonFile(planDir, action);
  if (!existsSync(file)) return null;
  const json: unknown = JSON.parse(readRegularFile(file).toString('utf8'));
  const format = artifactFormat(file, 'plan', json);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not a plan explanation (not a JSON object)');
  return { format, json: json as Record<string, unknown> };
}
