-- The cluster's health as its NameNode reports it, and the progress of each
-- decommissioning DataNode. Unlike hdfs_datanodes (which holds each source's
-- latest import), these keep one set of rows per import for the whole day:
-- the invariants read a source's latest rows (through imports.data_import),
-- and the stuck-decommission view and `breakfix trend` compare a node's
-- progress across imports. An unchanged input adds no rows; its import
-- points at the rows of the import that read those bytes.

-- One row per HDFS source (hdfs-report summary, or NameNode JMX) per import.
-- NULL: the input does not say (a 2.x report prints no EC lines, a JMX
-- document without FSNamesystemState has no node counts).
CREATE TABLE hdfs_health (
  source              TEXT NOT NULL,
  cluster             TEXT NOT NULL,
  captured_at         INTEGER,          -- epoch s the input was captured (file mtime or command end)
  safe_mode           INTEGER CHECK (safe_mode IN (0, 1)),
  ha_state            TEXT,             -- JMX tag.HAState: active, standby, ...
  capacity            INTEGER,          -- Configured Capacity / CapacityTotal, bytes
  present_capacity    INTEGER,
  remaining           INTEGER,          -- DFS Remaining / CapacityRemaining
  dfs_used            INTEGER,
  under_replicated    INTEGER,          -- Under replicated blocks (3.x: low redundancy)
  corrupt_blocks      INTEGER,          -- Blocks with corrupt replicas
  missing_blocks      INTEGER,
  missing_repl_one    INTEGER,          -- Missing blocks (with replication factor 1)
  pending_deletion    INTEGER,
  ec_low_redundancy   INTEGER,          -- erasure-coded block groups
  ec_corrupt          INTEGER,
  ec_missing          INTEGER,
  ec_pending_deletion INTEGER,
  blocks_total        INTEGER,          -- JMX BlocksTotal; the report prints none
  replicas            INTEGER,          -- replicas the live DataNodes hold (sum of their block counts)
  live_nodes          INTEGER,
  live_in_service     INTEGER,          -- live and in service: what a drain takes from
  dead_nodes          INTEGER,
  decommissioning     INTEGER,
  _import             INTEGER NOT NULL,
  _line               INTEGER,
  _path               TEXT
);
CREATE INDEX hdfs_health_by_import ON hdfs_health (_import);

-- One row per DataNode being decommissioned (NameNodeInfo DecomNodes) per import.
CREATE TABLE hdfs_decommission_progress (
  source                         TEXT NOT NULL,
  cluster                        TEXT NOT NULL,
  hostname                       TEXT NOT NULL,
  xfer_port                      INTEGER,
  under_replicated_blocks        INTEGER NOT NULL, -- blocks still to re-replicate
  decommission_only_replicas     INTEGER,          -- blocks whose only live replicas are on decommissioning nodes
  under_replicated_in_open_files INTEGER,
  _import                        INTEGER NOT NULL,
  _line                          INTEGER,
  _path                          TEXT
);
CREATE INDEX hdfs_decommission_progress_by_import ON hdfs_decommission_progress (_import);
CREATE INDEX hdfs_decommission_progress_by_host ON hdfs_decommission_progress (hostname);
