import { compareBytewise } from '../util/bytewise.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { ConfigError, UsageError } from '../errors.js';
import type { HostOptions } from '../hosts/hostname.js';
import { describeInput, describeIssue, formatPath, keyLineOf, lineOf, sortByLine, type Issue } from './issues.js';
import {
  actionSchema,
  configSchema,
  SOURCE_KINDS,
  sourceSchemas,
  type ActionConfig,
  type HdfsConfig,
  type NamedSource,
  type SourceKind,
} from './schema.js';

export const CONFIG_FILE = 'breakfix.yaml';

export interface Config {
  /** Absolute path of breakfix.yaml. */
  readonly file: string;
  /** The workspace directory (where breakfix.yaml is). */
  readonly dir: string;
  readonly timezone: string;
  readonly hosts: HostOptions & { readonly inventory: string | undefined };
  readonly health: {
    readonly up_metric: string;
    /** The series of up_metric that count, by label (sorted by name); empty: all of them. */
    readonly up_labels: Readonly<Record<string, string>>;
    readonly max_sample_age: number;
  };
  /** Environment variables passed to every command (names or `PREFIX*`), beyond the fixed few. */
  readonly env: readonly string[];
  /** In config order. */
  readonly sources: readonly NamedSource[];
  readonly policy: z.output<typeof configSchema>['policy'];
  /** hdfs-healthy and hdfs-capacity limits, as written (src/invariants/hdfs-limits.ts fills in the defaults). */
  readonly hdfs: HdfsConfig;
  /** In config order: the order actions are planned in, sharing each cluster's budget. */
  readonly actions: readonly ActionConfig[];
}

export function loadConfig(workspaceDir: string): Config {
  const file = resolve(workspaceDir, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${file}: no config here; run "breakfix init ${workspaceDir}" to create one, or pass -C DIR`
        : `${file}: cannot read: ${(err as Error).message}`,
    );
  }
  return parseConfig(text, file);
}

/** Parse and validate config text. Pure apart from the clock-free checks; `file` is for messages. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  // YAML reads a plain `null:` key as the null value; breakfix's config has a
  // key named "null" (the empty-field placeholder), so keep it a string.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === null && pair.key.source === 'null') pair.key.value = 'null';
    },
  });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS() ?? {};
  } catch (err) {
    // The yaml library refuses to expand a document whose aliases multiply
    // beyond its limit (a "billion laughs" bomb) or that names an unknown
    // anchor, with a ReferenceError: a broken config (exit 2), not a crash.
    // Found by the bad-input corpus (test/corpus: config/alias-bomb.yaml).
    if (err instanceof ReferenceError) throw new ConfigError(file, [`${file}: invalid YAML: ${err.message} (aliases: *name references to &name anchors)`]);
    throw err;
  }
  const locate = (path: readonly PropertyKey[]) => lineOf(doc, lineCounter, path);
  const problems: string[] = [];
  const report = (path: readonly PropertyKey[], message: string) => {
    const line = locate(path);
    problems.push(`${file}${line ? `:${line}` : ''}: ${path.length ? `${formatPath(path)}: ` : ''}${message}`);
  };

  const reportIssue = (prefix: readonly PropertyKey[], issue: Issue) => {
    const path = [...prefix, ...issue.path];
    // Point an unknown key at its own line, not at the mapping that holds it;
    // and a bad key (a name) at the key, not at the value under it.
    if (issue.code === 'invalid_key' && path.length > 0) {
      const line = keyLineOf(doc, lineCounter, path) ?? locate(path);
      problems.push(`${file}${line ? `:${line}` : ''}: ${formatPath(path)}: ${describeIssue(issue)}`);
    } else if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
      const line = locate([...path, issue.keys[0]!]);
      problems.push(`${file}${line ? `:${line}` : ''}: ${path.length ? `${formatPath(path)}: ` : ''}${describeIssue(issue)}`);
    } else {
      report(path, describeIssue(issue));
    }
  };

  const top = configSchema.safeParse(raw, { reportInput: true });
  if (!top.success) {
    for (const issue of top.error.issues) reportIssue([], issue);
    throw new ConfigError(file, sortByLine(problems));
  }
  const cfg = top.data;

  const sources: NamedSource[] = [];
  for (const [sourceName, value] of Object.entries(cfg.sources)) {
    const at = ['sources', sourceName];
    const kind = (value as { kind?: unknown } | null)?.kind;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(at, `expected a mapping with kind: and path: or command:, got ${describeInput(value)}`);
      continue;
    }
    if (!SOURCE_KINDS.includes(kind as SourceKind)) {
      report([...at, 'kind'], `expected one of ${SOURCE_KINDS.join(', ')}, got ${describeInput(kind)}`);
      continue;
    }
    const parsed = sourceSchemas[kind as SourceKind].safeParse(value, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) reportIssue(at, issue);
      continue;
    }
    const src = parsed.data;
    if ((src.path === undefined) === (src.command === undefined)) {
      report(at, src.path === undefined ? 'expected path: or command:, got neither' : 'expected path: or command:, got both');
      continue;
    }
    if ((src.kind === 'inventory' || src.kind === 'table') && src.header !== true && src.columns === undefined && !(src.kind === 'table' && src.format === 'text')) {
      report(at, 'expected header: true or columns: [...], got neither (which column is which?)');
      continue;
    }
    if (src.kind === 'inventory' && src.columns !== undefined && !src.columns.includes('hostname')) {
      report([...at, 'columns'], `expected a "hostname" column, got ${src.columns.join(', ')}`);
      continue;
    }
    sources.push({ ...src, name: sourceName } as NamedSource);
  }

  const actions: ActionConfig[] = [];
  for (const [actionName, value] of Object.entries(cfg.actions)) {
    const parsed = actionSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) reportIssue(['actions', actionName], issue);
      continue;
    }
    const a = parsed.data;
    const usesHostsFile = a.run.some((arg) => arg.includes('{hosts_file}'));
    const usesHost = a.run.some((arg) => arg.includes('{host}'));
    if (usesHostsFile && usesHost) {
      report(['actions', actionName, 'run'], 'expected {hosts_file} (one command per plan) or {host} (one per host), got both');
    } else if (!usesHostsFile && !usesHost) {
      report(['actions', actionName, 'run'], 'expected {hosts_file} (one command per plan) or {host} (one per host) in the command, got neither: it must be told which hosts');
    }
    if (a.max_groups !== undefined && a.group === undefined && (value as Record<string, unknown>)['max_groups'] !== undefined) {
      report(['actions', actionName, 'max_groups'], 'expected group: (the replica group column) alongside max_groups');
    }
    actions.push({ ...a, name: actionName });
  }

  const seenClusters = new Set<string>();
  cfg.policy.overrides.forEach((o, i) => {
    if (seenClusters.has(o.cluster)) report(['policy', 'overrides', i, 'cluster'], `cluster "${o.cluster}" has a second override`);
    seenClusters.add(o.cluster);
  });

  const inventories = sources.filter((s) => s.kind === 'inventory');
  let inventory = cfg.hosts.inventory;
  if (inventory !== undefined && !inventories.some((s) => s.name === inventory)) {
    report(['hosts', 'inventory'], `expected the name of an inventory source (${inventories.map((s) => s.name).join(', ') || 'none configured'}), got "${inventory}"`);
  }
  inventory ??= inventories[0]?.name;

  // The host label of a Prometheus source is stored as the hostname, not among a sample's labels: a selector on it matches nothing.
  for (const label of Object.keys(cfg.health.up_labels ?? {})) {
    const naming = sources.filter((s) => s.kind === 'metrics' && s.host_label === label).map((s) => s.name);
    if (naming.length > 0) {
      report(['health', 'up_labels', label], `"${label}" is the host label of ${naming.join(', ')}: it is stored as the hostname, not as a label, so selecting on it would match no series`);
    }
  }

  if (problems.length > 0) throw new ConfigError(file, sortByLine(problems));

  return {
    file,
    dir: dirname(file),
    timezone: cfg.timezone,
    hosts: { lowercase: cfg.hosts.lowercase, stripPort: cfg.hosts.strip_port, qualify: cfg.hosts.qualify, inventory },
    health: {
      up_metric: cfg.health.up_metric,
      up_labels: Object.fromEntries(Object.entries(cfg.health.up_labels ?? {}).sort(([a], [b]) => compareBytewise(a, b))),
      max_sample_age: cfg.health.max_sample_age,
    },
    env: cfg.env,
    sources,
    policy: cfg.policy,
    hdfs: cfg.hdfs,
    actions,
  };
}
