-- description: workers breakfix drained that are healthy again, live and decommissioned in every HDFS source: what release puts back
-- depends: workers
SELECT w.hostname, w.cluster, w.rack
FROM workers AS w
WHERE EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = w.hostname AND e.note LIKE 'breakfix drain %')
  AND w.hostname NOT IN (SELECT hostname FROM failing)
  AND EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname)
  AND NOT EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname AND (d.admin_state <> 'decommissioned' OR d.live = 0))
