-- description: excluded workers that every HDFS source reports decommissioned and that are still failing their health checks or dead: safe to reinstall, and in need of it
-- depends: workers, hdfs-dead
SELECT w.hostname, w.cluster, w.rack,
       CASE WHEN w.hostname IN (SELECT hostname FROM hdfs_dead) THEN 'HDFS dead' ELSE 'health checks failing' END AS reason
FROM workers AS w
WHERE EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = w.hostname)
  AND EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname)
  AND NOT EXISTS (SELECT 1 FROM hdfs_datanodes AS d WHERE d.hostname = w.hostname AND d.admin_state <> 'decommissioned')
  AND (w.hostname IN (SELECT hostname FROM failing) OR w.hostname IN (SELECT hostname FROM hdfs_dead))
