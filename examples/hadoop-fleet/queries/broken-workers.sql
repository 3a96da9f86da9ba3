-- description: workers with a fault, one row per host with its first reason
-- depends: hadoop-workers-role, unresponsive, hdfs-dead, yarn-unhealthy
WITH faults (hostname, reason) AS (
  SELECT hostname, 'unresponsive: ' || reason FROM unresponsive
  UNION ALL SELECT hostname, 'puppet failing' FROM puppet_failing
  UNION ALL SELECT hostname, 'disk errors: ' || CAST(value AS INTEGER)
    FROM metric_latest WHERE metric = 'node_disk_errors_total' AND value > 0
  UNION ALL SELECT hostname, 'HDFS dead in ' || cluster FROM hdfs_dead
  UNION ALL SELECT hostname, 'YARN unhealthy: ' || coalesce(health_report, '') FROM yarn_unhealthy
)
SELECT w.hostname, w.cluster, min(f.reason) AS reason
FROM hadoop_workers_role AS w
JOIN faults AS f ON f.hostname = w.hostname
GROUP BY w.hostname, w.cluster
