import * as z from 'zod';
import { parseDuration } from './duration.js';
import { isUtc } from '../workspace.js';

// A config is validated once per process: compiling zod's fast-path parsers
// (new Function per object schema) costs more than that one parse saves.
z.config({ jitless: true });

/** Every source kind breakfix can import (DESIGN.md "Sources and tables"). */
export const SOURCE_KINDS = [
  'inventory',
  'hostlist',
  'table',
  'metrics',
  'hdfs-report',
  'hdfs-jmx',
  'hdfs-hosts',
  'yarn-nodes',
  'yarn-rest',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Built-in invariants, implemented in src/invariants. */
export const INVARIANT_NAMES = [
  'inputs-fresh',
  'inputs-not-shrunk',
  'candidates-sane',
  'hdfs-healthy',
  'hdfs-capacity',
  'hdfs-decommissioned',
  'hdfs-in-service',
  'yarn-not-running',
] as const;
export type InvariantName = (typeof INVARIANT_NAMES)[number];

/** Names of sources, views and actions: they become file names and SQL identifiers. */
const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const name = (what: string) =>
  z.string().regex(NAME, { message: `expected a ${what} name of lower-case letters, digits and single dashes (like "hdfs-dwh")` });
const column = z.string().regex(COLUMN, { message: 'expected a column name of letters, digits and _ (like "data_group")' });

/** A duration string (`90s`, `10m`, `2h`), parsed to seconds. */
export const duration = z
  .union([z.string(), z.number()])
  .refine((v) => parseDuration(v) !== undefined, { message: 'expected a duration like "90s", "10m" or "2h"' })
  .transform((v) => parseDuration(v)!);

const argv = z.array(z.string().min(1)).min(1, { message: 'expected a command as a list: [program, arg, ...]' });

const common = {
  description: z.string().optional(),
  /** A file, relative to the workspace. */
  path: z.string().min(1).optional(),
  /** A command run without a shell; its stdout is the input. */
  command: argv.optional(),
  /** How long a command may run before it is killed. */
  timeout: duration.default(300),
  /** Accept a source that yields no rows (fail closed otherwise). */
  allow_empty: z.boolean().default(false),
  /** For the inputs-fresh invariant: the data may be at most this old. */
  max_age: duration.optional(),
  /**
   * For inputs-not-shrunk: this source may lose at most this share of its rows
   * between passes (default policy.thresholds.shrink_percent). Lists whose
   * shrinking can only make fewer candidates (an exclude list, a failing list)
   * may set 100.
   */
  shrink_percent: z.number().min(0).max(100).optional(),
};

const delimited = {
  format: z.enum(['tsv', 'csv']).default('tsv'),
  /** true: the first line names the columns. */
  header: z.boolean().optional(),
  columns: z.array(column).min(1).optional(),
  /** The placeholder for an empty field. */
  null: z.string().default('-'),
};

export const sourceSchemas = {
  inventory: z.strictObject({ kind: z.literal('inventory'), ...common, ...delimited }),
  hostlist: z.strictObject({ kind: z.literal('hostlist'), ...common }),
  table: z.strictObject({
    kind: z.literal('table'),
    ...common,
    ...delimited,
    /** `text` = breakfix's own exported text tables (escapes, `-` is NULL, `\-` a dash). */
    format: z.enum(['tsv', 'csv', 'text']).default('tsv'),
    /** Columns holding hostnames: normalised and validated like every other source's hosts. */
    host_columns: z.array(column).default([]),
  }),
  metrics: z.strictObject({
    kind: z.literal('metrics'),
    ...common,
    format: z.enum(['tsv', 'csv', 'prometheus-json', 'prometheus-text']).default('tsv'),
    header: z.boolean().optional(),
    /** prometheus-*: the label that names the host (its port is stripped). */
    host_label: z.string().min(1).default('instance'),
    /** prometheus-json: the metric name for series without __name__ (e.g. results of sum by (instance)). */
    metric: z.string().min(1).optional(),
  }),
  'hdfs-report': z.strictObject({ kind: z.literal('hdfs-report'), ...common, cluster: z.string().min(1) }),
  'hdfs-jmx': z.strictObject({
    kind: z.literal('hdfs-jmx'),
    ...common,
    cluster: z.string().min(1),
    /**
     * false: read only the cluster's health and the decommissions' progress,
     * not NameNodeInfo's node list (for a cluster whose nodes an hdfs-report
     * source of the same cluster already lists).
     */
    datanodes: z.boolean().default(true),
  }),
  'hdfs-hosts': z.strictObject({ kind: z.literal('hdfs-hosts'), ...common, cluster: z.string().min(1) }),
  'yarn-nodes': z.strictObject({ kind: z.literal('yarn-nodes'), ...common, cluster: z.string().min(1) }),
  'yarn-rest': z.strictObject({ kind: z.literal('yarn-rest'), ...common, cluster: z.string().min(1) }),
} satisfies Record<SourceKind, z.ZodType>;

export type SourceConfigOf<K extends SourceKind> = z.output<(typeof sourceSchemas)[K]>;
export type SourceConfig = { [K in SourceKind]: SourceConfigOf<K> }[SourceKind];
/** A source with its name from the config map. */
export type NamedSource = SourceConfig & { readonly name: string };

const archetype = z.strictObject({
  percent: z.number().min(0).max(100),
  floor: z.number().int().min(0).default(1),
  ceiling: z.number().int().min(0).optional(),
});
export type Archetype = z.output<typeof archetype>;

const override = z.strictObject({
  cluster: z.string().min(1),
  max: z.number().int().min(0),
  reason: z.string().trim().min(1, { message: 'expected a reason: why this cluster gets its own limit' }),
});

const policy = z.strictObject({
  archetypes: z
    .record(z.string(), archetype)
    .default({ default: { percent: 6, floor: 1 } })
    .refine((a) => 'default' in a, { message: 'expected a "default" archetype for clusters the classify view does not list' }),
  /** A view (cluster, archetype); clusters it does not list are `default`. */
  classify: name('view').optional(),
  overrides: z.array(override).default([]),
  thresholds: z
    .strictObject({
      /** inputs-not-shrunk: a source may lose at most this share of rows since the previous pass. */
      shrink_percent: z.number().min(0).max(100).default(10),
      /** candidates-sane: an action's candidates may be at most this share of its population. */
      candidates_percent: z.number().min(0).max(100).default(25),
    })
    .default({ shrink_percent: 10, candidates_percent: 25 }),
});

/**
 * What hdfs-healthy and hdfs-capacity hold a cluster to. Each may be set
 * for all clusters (`hdfs:`) and per cluster (`hdfs.clusters.<name>:`).
 */
const hdfsLimits = {
  /** hdfs-healthy: at most this many under-replicated blocks (absent: no absolute limit). */
  max_under_replicated: z.number().int().min(0).optional(),
  /** hdfs-healthy: under-replicated blocks at most this share of the cluster's blocks. */
  max_under_replicated_percent: z.number().min(0).max(100).optional(),
  /** hdfs-capacity: the cluster's replication factor (dfs.replication). */
  replication: z.number().int().min(1).max(512).optional(),
  /** hdfs-capacity: live in-service DataNodes kept beyond the replication factor. */
  spare: z.number().int().min(0).optional(),
  /** hdfs-capacity: share of DFS capacity that must stay free after the plan. */
  min_free_percent: z.number().min(0).max(100).optional(),
  /** Health older than this fails closed (both invariants). */
  max_age: duration.optional(),
};

export const HDFS_DEFAULTS = {
  max_age: 3600,
  max_under_replicated_percent: 10,
  replication: 3,
  spare: 0,
  min_free_percent: 10,
  stuck_passes: 3,
} as const;

const hdfs = z.strictObject({
  ...hdfsLimits,
  /** hdfs-decommission-stuck and `breakfix trend`: a decommission whose progress has not moved in this many imports is stuck. */
  stuck_passes: z.number().int().min(2).max(1000).optional(),
  clusters: z.record(z.string().min(1), z.strictObject(hdfsLimits)).default({}),
});
export type HdfsConfig = z.output<typeof hdfs>;

const action = z.strictObject({
  description: z.string().optional(),
  candidates: name('view'),
  in_progress: name('view').optional(),
  population: name('view').optional(),
  spread: column.optional(),
  group: column.optional(),
  max_groups: z.number().int().min(1).default(1),
  max_per_pass: z.number().int().min(0).optional(),
  invariants: z.array(z.enum(INVARIANT_NAMES)).default([]),
  deny: z.array(name('view')).default([]),
  run: argv,
  timeout: duration.default(600),
  concurrency: z.number().int().min(1).max(256).default(1),
});
export type ActionConfig = z.output<typeof action> & { readonly name: string };

export const configSchema = z.strictObject({
  timezone: z
    .string()
    .default('UTC')
    .refine((tz) => isTimeZone(tz), { message: 'expected an IANA time zone like "UTC" or "America/Los_Angeles"' }),
  hosts: z
    .strictObject({
      lowercase: z.boolean().default(true),
      strip_port: z.boolean().default(true),
      qualify: z.string().regex(/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/).optional(),
      /** The inventory source that IPs are mapped through and unmatched hosts counted against. */
      inventory: name('source').optional(),
    })
    .default({ lowercase: true, strip_port: true }),
  health: z
    .strictObject({
      /** The metric whose value 0 means a host is down. */
      up_metric: z.string().min(1).default('up'),
      /** A host whose latest `up` sample is older than this counts as unresponsive. */
      max_sample_age: duration.default(900),
    })
    .default({ up_metric: 'up', max_sample_age: 900 }),
  sources: z.record(name('source'), z.unknown()).default({}),
  policy: policy.default({
    archetypes: { default: { percent: 6, floor: 1 } },
    overrides: [],
    thresholds: { shrink_percent: 10, candidates_percent: 25 },
  }),
  hdfs: hdfs.default({ clusters: {} }),
  actions: z.record(name('action'), z.unknown()).default({}),
});

export { action as actionSchema };

function isTimeZone(tz: string): boolean {
  if (isUtc(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
