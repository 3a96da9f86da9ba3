-- description: each HDFS source's latest health of its cluster (the report's summary, or the NameNode's JMX): safe mode, missing, corrupt and under-replicated blocks, capacity, live in-service DataNodes; what hdfs-healthy and hdfs-capacity read
-- depends: hdfs_health, imports
-- A source's rows are those of its latest good import (an unchanged input
-- points at the import that read those bytes): hdfs_health keeps the day's
-- history, one row per source per import.
SELECT h.cluster, h.source, h.safe_mode, h.missing_blocks, h.corrupt_blocks, h.under_replicated, h.blocks_total,
       h.capacity, h.remaining, h.live_in_service, h.live_nodes, h.dead_nodes, h.decommissioning, h.captured_at
FROM hdfs_health AS h
WHERE h._import = (
  SELECT i.data_import FROM imports AS i
  WHERE i.source = h.source AND i.status IN ('ok', 'unchanged')
  ORDER BY i.id DESC LIMIT 1
)
