-- description: broken workers every HDFS source still has in service and the exclude file does not list yet: what drain takes out
-- depends: broken, workers
SELECT b.hostname, b.cluster, w.rack, b.reason
FROM broken AS b
JOIN workers AS w ON w.hostname = b.hostname
WHERE NOT EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = b.hostname)
  AND EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = b.hostname)
  AND NOT EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = b.hostname AND d.admin_state <> 'in-service')
