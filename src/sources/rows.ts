import type {
  HdfsDatanodesTable,
  HdfsDecommissioningTable,
  HdfsHealthTable,
  HdfsHostsTable,
  MetricSamplesTable,
  Provenance,
  YarnNodesTable,
} from '../db/schema.js';
import type { RowOrigin } from './parser.js';

/**
 * What parsers of the built-in kinds return: a fixed table's columns minus the
 * ones the loader fills in (source, cluster, provenance), plus where the row
 * came from. `hostname` is raw, as the input wrote it; the loader normalises it.
 */
type ParsedOf<T> = Omit<T, 'source' | 'cluster' | keyof Provenance> & RowOrigin;

export type HdfsDatanodeRow = ParsedOf<HdfsDatanodesTable>;
export type HdfsHostRow = ParsedOf<HdfsHostsTable>;
export type YarnNodeRow = ParsedOf<YarnNodesTable>;
export type MetricSampleRow = ParsedOf<MetricSamplesTable>;
/** The cluster's health from one input; the loader adds when it was captured. */
export type HdfsHealthRow = Omit<ParsedOf<HdfsHealthTable>, 'captured_at'>;
export type HdfsDecommissioningRow = ParsedOf<HdfsDecommissioningTable>;

/** Every health field NULL: what an input says nothing about. */
export function emptyHealth(origin: RowOrigin): HdfsHealthRow {
  return {
    safe_mode: null,
    ha_state: null,
    capacity: null,
    present_capacity: null,
    remaining: null,
    dfs_used: null,
    under_replicated: null,
    corrupt_blocks: null,
    missing_blocks: null,
    missing_repl_one: null,
    pending_deletion: null,
    ec_low_redundancy: null,
    ec_corrupt: null,
    ec_missing: null,
    ec_pending_deletion: null,
    blocks_total: null,
    replicas: null,
    live_nodes: null,
    live_in_service: null,
    dead_nodes: null,
    decommissioning: null,
    line: origin.line,
    path: origin.path,
  };
}
