import type { Generated } from 'kysely';

/** Typed access to breakfix's fixed tables (migrations/*.sql). Source tables named by config are untyped. */

export type AdminState = 'in-service' | 'decommissioning' | 'decommissioned' | 'entering-maintenance' | 'in-maintenance';
export const ADMIN_STATES: readonly AdminState[] = ['in-service', 'decommissioning', 'decommissioned', 'entering-maintenance', 'in-maintenance'];

export type YarnState = 'NEW' | 'RUNNING' | 'UNHEALTHY' | 'DECOMMISSIONING' | 'DECOMMISSIONED' | 'LOST' | 'REBOOTED' | 'SHUTDOWN';
export const YARN_STATES: readonly YarnState[] = ['NEW', 'RUNNING', 'UNHEALTHY', 'DECOMMISSIONING', 'DECOMMISSIONED', 'LOST', 'REBOOTED', 'SHUTDOWN'];
/** States in which the RM still schedules or tracks the node as part of the cluster. */
export const ACTIVE_YARN_STATES: readonly YarnState[] = ['NEW', 'RUNNING', 'UNHEALTHY', 'DECOMMISSIONING'];

export type ImportStatus = 'running' | 'ok' | 'unchanged' | 'failed';
export type PassStatus = 'running' | 'ok' | 'failed' | 'refused' | 'interrupted';
export type JournalOutcome = 'running' | 'done' | 'failed' | 'timeout' | 'unknown' | 'cleared';

export interface ImportsTable {
  id: Generated<number>;
  pass: number | null;
  source: string;
  kind: string;
  cluster: string | null;
  origin: 'path' | 'command';
  location: string;
  file: string | null;
  sha256: string | null;
  bytes: number | null;
  rows: number | null;
  unmatched: number | null;
  duplicates: number | null;
  status: ImportStatus;
  error: string | null;
  data_import: number | null;
  data_time: number | null;
  config_hash: string | null;
  started_ms: number;
  finished_ms: number | null;
  /** A path source's file as it was when hashed (JSON; src/sources/fingerprint.ts). */
  file_stat: string | null;
  /** Input records skipped on purpose (Prometheus samples without the host label); NULL when the kind skips none. */
  skipped: number | null;
}

export interface PassesTable {
  id: Generated<number>;
  started_ms: number;
  finished_ms: number | null;
  execute: number;
  seed: number | null;
  status: PassStatus;
  exit_code: number | null;
  paused: string | null;
  summary: string | null;
}

export interface ViewHistoryTable {
  pass: number;
  view: string;
  rows: number;
  sha256: string;
  sql_hash: string;
}

export interface ActionHistoryTable {
  pass: number;
  action: string;
  cluster: string;
  population: number;
  budget: number;
  out_count: number;
  headroom: number;
  candidates: number;
  planned: number;
  executed: number;
  failed: number;
  reason: string | null;
}

export interface JournalTable {
  id: Generated<number>;
  pass: number | null;
  action: string;
  hostname: string;
  cluster: string;
  host_group: string | null;
  pid: number | null;
  command: string | null;
  started_ms: number;
  finished_ms: number | null;
  exit_code: number | null;
  outcome: JournalOutcome;
  note: string | null;
  carried_from: string | null;
}

export interface SettingsTable {
  key: string;
  value: string | number | null;
}

/** Provenance every imported row carries. */
export interface Provenance {
  _import: number;
  _line: number | null;
  _path: string | null;
}

export interface HdfsDatanodesTable extends Provenance {
  source: string;
  cluster: string;
  hostname: string;
  ip: string | null;
  xfer_port: number | null;
  rack: string | null;
  upgrade_domain: string | null;
  admin_state: AdminState;
  live: number;
  registered: number;
  sections: string | null;
  last_contact: number | null;
  last_block_report: number | null;
  capacity: number | null;
  dfs_used: number | null;
  non_dfs_used: number | null;
  remaining: number | null;
  num_blocks: number | null;
  xceivers: number | null;
  version: string | null;
  volfails: number | null;
}

/**
 * The cluster's health from one HDFS source's import (migrations/0007):
 * the report's summary or the NameNode's FSNamesystem, FSNamesystemState and
 * NameNodeInfo beans. NULL where the input does not say.
 */
export interface HdfsHealthTable extends Provenance {
  source: string;
  cluster: string;
  captured_at: number | null;
  safe_mode: number | null;
  ha_state: string | null;
  capacity: number | null;
  present_capacity: number | null;
  remaining: number | null;
  dfs_used: number | null;
  under_replicated: number | null;
  corrupt_blocks: number | null;
  missing_blocks: number | null;
  missing_repl_one: number | null;
  pending_deletion: number | null;
  ec_low_redundancy: number | null;
  ec_corrupt: number | null;
  ec_missing: number | null;
  ec_pending_deletion: number | null;
  blocks_total: number | null;
  replicas: number | null;
  live_nodes: number | null;
  live_in_service: number | null;
  dead_nodes: number | null;
  decommissioning: number | null;
}

/** One decommissioning DataNode's progress from one import (NameNodeInfo DecomNodes). */
export interface HdfsDecommissioningTable extends Provenance {
  source: string;
  cluster: string;
  hostname: string;
  xfer_port: number | null;
  under_replicated_blocks: number;
  decommission_only_replicas: number | null;
  under_replicated_in_open_files: number | null;
}

export interface HdfsHostsTable extends Provenance {
  source: string;
  cluster: string;
  hostname: string;
  port: number | null;
  upgrade_domain: string | null;
  admin_state: AdminState;
  maintenance_expires: number | null;
}

export interface YarnNodesTable extends Provenance {
  source: string;
  cluster: string;
  hostname: string;
  port: number | null;
  node_id: string;
  state: YarnState;
  http_address: string | null;
  containers: number | null;
  health_report: string | null;
  last_health_update: number | null;
  rack: string | null;
  placeholder: number;
  current: number;
}

export interface MetricSamplesTable extends Provenance {
  source: string;
  ts: number;
  hostname: string;
  metric: string;
  value: number | null;
  value_text: string | null;
  labels: string | null;
}

/** The distinct hosts of each metrics source (maintained by the metrics import). */
export interface MetricHostsTable {
  source: string;
  hostname: string;
}

/** Per action population, its host counts per cluster at a version of its inputs (src/pass/gather.ts). */
export interface PopulationCacheTable {
  population: string;
  version: string;
  sizes: string;
}

/** One row per series: source, hostname, metric and labels (migrations/0009). */
export interface MetricLatestView {
  hostname: string;
  metric: string;
  ts: number;
  value: number | null;
  value_text: string | null;
  source: string;
  labels: string | null;
}

/** Operators' overriding decisions (migrations/0006_audit.sql). */
export interface OperatorAuditTable {
  id: Generated<number>;
  at_ms: number;
  command: 'clear' | 'pause' | 'resume' | 'accept-history';
  subject: string | null;
  detail: string | null;
  reason: string;
  user: string;
  uid: number | null;
  sudo_user: string | null;
  host: string;
  pid: number;
}

export interface DB {
  imports: ImportsTable;
  passes: PassesTable;
  view_history: ViewHistoryTable;
  action_history: ActionHistoryTable;
  journal: JournalTable;
  settings: SettingsTable;
  hdfs_datanodes: HdfsDatanodesTable;
  hdfs_hosts: HdfsHostsTable;
  hdfs_health: HdfsHealthTable;
  hdfs_decommission_progress: HdfsDecommissioningTable;
  yarn_nodes: YarnNodesTable;
  metric_samples: MetricSamplesTable;
  metric_hosts: MetricHostsTable;
  population_cache: PopulationCacheTable;
  operator_audit: OperatorAuditTable;
  metric_latest: MetricLatestView;
}

/** The fixed tables each built-in kind loads into. */
export const FIXED_TABLE_OF_KIND = {
  metrics: 'metric_samples',
  'hdfs-report': 'hdfs_datanodes',
  'hdfs-jmx': 'hdfs_datanodes',
  'hdfs-hosts': 'hdfs_hosts',
  'yarn-nodes': 'yarn_nodes',
  'yarn-rest': 'yarn_nodes',
} as const;

/**
 * Tables the HDFS kinds add rows to on every import, kept for the day
 * (migrations/0007): a source's current rows are those of its latest good
 * import's `data_import`.
 */
export const HISTORY_TABLES_OF_KIND = {
  'hdfs-report': ['hdfs_health'],
  'hdfs-jmx': ['hdfs_health', 'hdfs_decommission_progress'],
} as const;
