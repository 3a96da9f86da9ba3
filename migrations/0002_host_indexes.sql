-- Views join the control-plane tables on hostname (EXISTS (... WHERE
-- d.hostname = w.hostname)); without an index each such test scans the whole
-- table. These tables hold one or a few rows per node, so the index is cheap
-- to keep up at import.
CREATE INDEX hdfs_datanodes_by_host ON hdfs_datanodes (hostname);
CREATE INDEX hdfs_hosts_by_host ON hdfs_hosts (hostname);
CREATE INDEX yarn_nodes_by_host ON yarn_nodes (hostname);
