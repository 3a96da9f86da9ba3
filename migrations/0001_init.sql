-- The schema of one day's state.db. Applied through Kysely's Migrator by
-- src/db/migrations.ts, inside a transaction. Timestamps of data are integer
-- epoch seconds (UTC); bookkeeping times that measure durations are epoch ms.

-- One row per source per import attempt (including unchanged and failed ones).
CREATE TABLE imports (
  id           INTEGER PRIMARY KEY,
  pass         INTEGER,               -- the pass that ran it; NULL for `breakfix import`
  source       TEXT NOT NULL,
  kind         TEXT NOT NULL,
  cluster      TEXT,
  origin       TEXT NOT NULL CHECK (origin IN ('path', 'command')),
  location     TEXT NOT NULL,         -- the configured path, or the command argv as JSON
  file         TEXT,                  -- what was parsed: the path, or runs/DAY/inputs/<source>
  sha256       TEXT,
  bytes        INTEGER,
  rows         INTEGER,
  unmatched    INTEGER,               -- hosts the inventory does not know
  duplicates   INTEGER,               -- repeated hosts a hostlist tolerated
  status       TEXT NOT NULL CHECK (status IN ('running', 'ok', 'unchanged', 'failed')),
  error        TEXT,
  data_import  INTEGER,               -- the import whose rows are in the tables (itself, or an earlier one if unchanged)
  data_time    INTEGER,               -- epoch s the data is from: file mtime or command end
  config_hash  TEXT,                  -- a change of the source's config forces a re-import
  started_ms   INTEGER NOT NULL,
  finished_ms  INTEGER
);
CREATE INDEX imports_by_source ON imports (source, id);

-- One row per pass (import → views → export → plan → act).
CREATE TABLE passes (
  id           INTEGER PRIMARY KEY,
  started_ms   INTEGER NOT NULL,
  finished_ms  INTEGER,
  execute      INTEGER NOT NULL DEFAULT 0,
  seed         INTEGER,
  status       TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed', 'refused', 'interrupted')),
  exit_code    INTEGER,
  paused       TEXT,                  -- JSON {by, at, reason} when the workspace was paused
  summary      TEXT                   -- JSON pass summary
);

-- Per pass, each view's size and content hash: what `breakfix trend` reads.
CREATE TABLE view_history (
  pass         INTEGER NOT NULL,
  view         TEXT NOT NULL,
  rows         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  sql_hash     TEXT NOT NULL,
  PRIMARY KEY (pass, view)
) WITHOUT ROWID;

-- Per pass, action and cluster: the budget math and what happened.
CREATE TABLE action_history (
  pass         INTEGER NOT NULL,
  action       TEXT NOT NULL,
  cluster      TEXT NOT NULL,
  population   INTEGER NOT NULL,
  budget       INTEGER NOT NULL,
  out_count    INTEGER NOT NULL,
  headroom     INTEGER NOT NULL,
  candidates   INTEGER NOT NULL,
  planned      INTEGER NOT NULL,
  executed     INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  reason       TEXT,
  PRIMARY KEY (pass, action, cluster)
) WITHOUT ROWID;

-- Each host's action, written before its command starts and after it ends.
-- outcome 'running' found by a later process (which holds the lock) means the
-- process died mid-action: the outcome is unknown.
CREATE TABLE journal (
  id           INTEGER PRIMARY KEY,
  pass         INTEGER,
  action       TEXT NOT NULL,
  hostname     TEXT NOT NULL,
  cluster      TEXT NOT NULL,
  host_group   TEXT,                  -- the replica group it was planned in (the group rule counts it while out)
  pid          INTEGER,
  command      TEXT,                  -- argv as JSON
  started_ms   INTEGER NOT NULL,
  finished_ms  INTEGER,
  exit_code    INTEGER,
  outcome      TEXT NOT NULL CHECK (outcome IN ('running', 'done', 'failed', 'timeout', 'unknown', 'cleared')),
  note         TEXT,
  carried_from TEXT                   -- the day an unresolved entry was carried over from
);
CREATE INDEX journal_by_host ON journal (hostname, action);

-- Values views may read (the pass's clock, thresholds from the config).
CREATE TABLE settings (
  key          TEXT PRIMARY KEY,
  value
) WITHOUT ROWID;

-- Built-in source tables. Several sources (clusters) share one table; each
-- import replaces its own source's rows.

CREATE TABLE hdfs_datanodes (
  source            TEXT NOT NULL,
  cluster           TEXT NOT NULL,
  hostname          TEXT NOT NULL,
  ip                TEXT,
  xfer_port         INTEGER,
  rack              TEXT,             -- NULL for /default-rack
  upgrade_domain    TEXT,
  admin_state       TEXT NOT NULL CHECK (admin_state IN ('in-service', 'decommissioning', 'decommissioned', 'entering-maintenance', 'in-maintenance')),
  live              INTEGER NOT NULL CHECK (live IN (0, 1)),
  registered        INTEGER NOT NULL DEFAULT 1, -- 0: an include-file entry that never registered
  sections          TEXT,             -- report sections that listed it, e.g. 'live,decommissioning'
  last_contact      INTEGER,          -- epoch s (JMX's seconds-ago is converted against the capture time)
  last_block_report INTEGER,
  capacity          INTEGER,
  dfs_used          INTEGER,
  non_dfs_used      INTEGER,
  remaining         INTEGER,
  num_blocks        INTEGER,
  xceivers          INTEGER,
  version           TEXT,
  volfails          INTEGER,
  _import           INTEGER NOT NULL,
  _line             INTEGER,
  _path             TEXT
);

CREATE TABLE hdfs_hosts (
  source              TEXT NOT NULL,
  cluster             TEXT NOT NULL,
  hostname            TEXT NOT NULL,
  port                INTEGER,
  upgrade_domain      TEXT,
  admin_state         TEXT NOT NULL CHECK (admin_state IN ('in-service', 'decommissioning', 'decommissioned', 'entering-maintenance', 'in-maintenance')),
  maintenance_expires INTEGER,        -- epoch s; NULL = forever
  _import             INTEGER NOT NULL,
  _line               INTEGER,
  _path               TEXT
);

CREATE TABLE yarn_nodes (
  source             TEXT NOT NULL,
  cluster            TEXT NOT NULL,
  hostname           TEXT NOT NULL,
  port               INTEGER,           -- -1 for exclude-list placeholders
  node_id            TEXT NOT NULL,     -- host:port as YARN printed it
  state              TEXT NOT NULL CHECK (state IN ('NEW', 'RUNNING', 'UNHEALTHY', 'DECOMMISSIONING', 'DECOMMISSIONED', 'LOST', 'REBOOTED', 'SHUTDOWN')),
  http_address       TEXT,
  containers         INTEGER,
  health_report      TEXT,
  last_health_update INTEGER,           -- epoch s
  rack               TEXT,
  placeholder        INTEGER NOT NULL DEFAULT 0, -- 1: a host:-1 row from the RM exclude list
  current            INTEGER NOT NULL DEFAULT 1, -- 1: the row that speaks for this host (active beats inactive, then later rows)
  _import            INTEGER NOT NULL,
  _line              INTEGER,
  _path              TEXT
);

CREATE TABLE metric_samples (
  source      TEXT NOT NULL,
  ts          INTEGER NOT NULL,         -- epoch s
  hostname    TEXT NOT NULL,
  metric      TEXT NOT NULL,
  value       REAL,                     -- NULL for NaN (see value_text)
  value_text  TEXT,                     -- 'NaN', '+Inf', '-Inf' as written; NULL for finite values
  labels      TEXT,                     -- other labels as JSON, if any
  _import     INTEGER NOT NULL,
  _line       INTEGER,
  _path       TEXT
);

-- The latest sample of each metric for each host (bare columns come from the max(ts) row).
CREATE VIEW metric_latest AS
  SELECT hostname, metric, max(ts) AS ts, value, value_text, source
  FROM metric_samples
  GROUP BY hostname, metric;
