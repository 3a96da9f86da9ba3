import * as z from 'zod';
import { parseDuration } from './duration.js';
import { parseSize } from './size.js';
import { ENV_PATTERN } from '../util/command-env.js';
import { nameProblem } from './names.js';
import { isUtc } from '../workspace.js';

// A config is validated once per process: compiling zod's fast-path parsers
// (new Function per object schema) costs more than that one parse saves.
z.config({ jitless: true });

/** Every source kind breakfix can import (docs/design.md#tables-and-views, docs/formats.md). */
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

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A source, view or action name (see names.ts: they become file names and SQL identifiers). */
const name = (what: string) =>
  z.string().check((ctx) => {
    const problem = nameProblem(ctx.value, what);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
const column = z.string().regex(COLUMN, { message: 'expected a column name of letters, digits and _ (like "data_group")' });

/** A duration string (`90s`, `10m`, `2h`), parsed to seconds. */
export const duration = z
  .union([z.string(), z.number()])
  .refine((v) => parseDuration(v) !== undefined, { message: 'expected a duration like "90s", "10m" or "2h"' })
  .transform((v) => parseDuration(v)!);

/** A size (`64K`, `500M`, `1G`, or bytes), parsed to bytes. */
export const size = z
  .union([z.string(), z.number()])
  .refine((v) => parseSize(v) !== undefined, { message: 'expected a size like "500M" or "2G" (or a number of bytes)' })
  .transform((v) => parseSize(v)!);
/** An IANA time zone name. */
const timeZone = z.string().refine((tz) => isTimeZone(tz), { message: 'expected an IANA time zone like "UTC" or "America/Los_Angeles"' });

/**
 * An IANA zone by region and city (or UTC): the zone a JVM printed in, which
 * resolves an ambiguous abbreviation. The abbreviations themselves are
 * refused although ICU takes some as zone names (`CST` as America/Chicago,
 * `IST` as Asia/Calcutta): they are the guess this option replaces.
 */
const ianaZone = z
  .string()
  .refine((tz) => (tz.includes('/') || tz === 'UTC' || tz === 'GMT') && isTimeZone(tz), {
    message: 'expected an IANA time zone by region and city, like "Asia/Shanghai" or "America/Chicago" (not an abbreviation)',
  });

const argv = z.array(z.string().min(1)).min(1, { message: 'expected a command as a list: [program, arg, ...]' });

/**
 * Environment variables passed through to commands, beyond the fixed few
 * (src/util/command-env.ts): names, or prefixes ending in `*`.
 */
const envList = z
  .array(z.string().regex(ENV_PATTERN, { message: 'expected an environment variable name like KRB5CCNAME, or a prefix like HADOOP_*' }))
  .default([]);

/** What a command source may print before it is stopped and its import fails: 1 GiB. */
export const DEFAULT_MAX_OUTPUT = 1024 ** 3;

const common = {
  description: z.string().optional(),
  /** A file, relative to the workspace. */
  path: z.string().min(1).optional(),
  /** A command run without a shell; its stdout is the input. */
  command: argv.optional(),
  /** How long a command may run before it is killed. */
  timeout: duration.default(300),
  /** A command source printing more than this (stdout and stderr together) is stopped and its import fails. */
  max_output: size.default(DEFAULT_MAX_OUTPUT),
  /** Environment variables passed to the command, beyond the top-level env: and the fixed few. */
  env: envList,
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
  'hdfs-report': z.strictObject({
    kind: z.literal('hdfs-report'),
    ...common,
    cluster: z.string().min(1),
    /**
     * The IANA zone of the JVM that printed the report: how its dates' zone
     * abbreviations are read when they are ambiguous (CST is US Central and
     * China) or unknown (src/sources/java-date.ts).
     */
    timezone: ianaZone.optional(),
  }),
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

/** hdfs.stuck_passes, or its default. */
export function stuckPassesOf(config: HdfsConfig): number {
  return config.stuck_passes ?? HDFS_DEFAULTS.stuck_passes;
}

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
  /** Environment variables passed to the command, beyond the top-level env: and the fixed few. */
  env: envList,
});
export type ActionConfig = z.output<typeof action> & { readonly name: string };

export const configSchema = z.strictObject({
  timezone: timeZone.default('UTC'),
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
      /**
       * Which of a host's series of up_metric count, as a Prometheus selector
       * (`{ job: node }` is up{job="node"}): a host has one series per target
       * scraping it (node exporter, the Prometheus server...). An empty value
       * matches a series without that label.
       */
      up_labels: z
        .record(
          z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected a Prometheus label name (letters, digits and _)' }).refine((l) => !l.startsWith('__'), {
            message: 'labels starting with __ are Prometheus\' own (the metric name is up_metric)',
          }),
          z.string(),
        )
        .optional(),
      /** A host whose newest selected up sample is older than this counts as unresponsive. */
      max_sample_age: duration.default(900),
    })
    .default({ up_metric: 'up', max_sample_age: 900 }),
  /** Environment variables passed to every command (sources and actions), beyond the fixed few. */
  env: envList,
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
