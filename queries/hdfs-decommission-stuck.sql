-- description: DataNodes whose decommission has not moved: the blocks they still have to re-replicate (NameNode JMX DecomNodes) are the same in each of the last hdfs.stuck_passes imports of their source (default 3); since: when that count was first seen
-- depends: hdfs_decommission_progress, imports, settings
-- Every good import of an hdfs-jmx source counts, newest first (k = 1 is the
-- latest; a pass imports each source once). An unchanged input is the same
-- observation again: its import points at the rows of the import that read
-- those bytes.
WITH stuck_cfg AS (
  SELECT coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'hdfs_stuck_passes'), 3) AS n
),
obs AS (
  SELECT i.source, i.data_import, i.data_time,
         row_number() OVER (PARTITION BY i.source ORDER BY i.id DESC) AS k
  FROM imports AS i
  WHERE i.kind = 'hdfs-jmx' AND i.status IN ('ok', 'unchanged') AND i.data_import IS NOT NULL
),
seen AS MATERIALIZED (
  SELECT o.source, o.k, o.data_time, d.cluster, d.hostname, d.under_replicated_blocks AS blocks,
         d.decommission_only_replicas, d.under_replicated_in_open_files
  FROM obs AS o
  JOIN hdfs_decommission_progress AS d ON d._import = o.data_import AND d.source = o.source
),
-- For each node of each source's latest import: the first older import that
-- does not show it at the same count (NULL: none does not).
latest AS (
  SELECT s.*,
    (SELECT min(o.k) FROM obs AS o
     WHERE o.source = s.source AND o.k > 1
       AND NOT EXISTS (SELECT 1 FROM seen AS x WHERE x.source = o.source AND x.k = o.k AND x.hostname = s.hostname AND x.blocks = s.blocks)
    ) AS moved_at,
    (SELECT count(*) FROM obs AS o WHERE o.source = s.source) AS imports
  FROM seen AS s
  WHERE s.k = 1
)
SELECT l.hostname, l.cluster, l.source, l.blocks AS under_replicated_blocks, l.decommission_only_replicas,
       l.under_replicated_in_open_files,
       (SELECT min(x.data_time) FROM seen AS x WHERE x.source = l.source AND x.hostname = l.hostname AND x.k < coalesce(l.moved_at, l.imports + 1)) AS since
FROM latest AS l
CROSS JOIN stuck_cfg AS c
WHERE coalesce(l.moved_at - 1, l.imports) >= c.n
