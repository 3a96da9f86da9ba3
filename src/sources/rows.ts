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

/** What a DataNode row says about the node itself, which each HDFS source works out its own way. */
export type DatanodeIdentity = Pick<HdfsDatanodeRow, 'hostname' | 'xfer_port' | 'admin_state' | 'live' | 'registered' | 'sections' | 'line' | 'path'>;
/** What both HDFS sources (dfsadmin -report, NameNode JMX) read for a DataNode, field for field. */
export type DatanodeMeasures = Omit<HdfsDatanodeRow, keyof DatanodeIdentity>;

/** One hdfs_datanodes row, the same shape from either HDFS source. */
export function datanodeRow(id: DatanodeIdentity, f: DatanodeMeasures): HdfsDatanodeRow {
  return {
    hostname: id.hostname,
    ip: f.ip,
    xfer_port: id.xfer_port,
    rack: f.rack,
    upgrade_domain: f.upgrade_domain,
    admin_state: id.admin_state,
    live: id.live,
    registered: id.registered,
    sections: id.sections,
    last_contact: f.last_contact,
    last_block_report: f.last_block_report,
    capacity: f.capacity,
    dfs_used: f.dfs_used,
    non_dfs_used: f.non_dfs_used,
    remaining: f.remaining,
    num_blocks: f.num_blocks,
    xceivers: f.xceivers,
    version: f.version,
    volfails: f.volfails,
    line: id.line,
    path: id.path,
  };
}

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
