-- description: workers that need a repair, with the first reason: failing their health checks, dead to the NameNode, or unhealthy to the ResourceManager
-- depends: workers, hdfs-dead
WITH reasons (hostname, reason) AS (
  SELECT hostname, 'health checks failing' FROM failing
  UNION ALL SELECT hostname, 'HDFS dead' FROM hdfs_dead
  UNION ALL SELECT hostname, 'YARN unhealthy: ' || coalesce(health_report, '') FROM yarn_nodes WHERE current = 1 AND state = 'UNHEALTHY'
)
SELECT w.hostname, w.cluster, min(r.reason) AS reason
FROM workers AS w
JOIN reasons AS r ON r.hostname = w.hostname
GROUP BY w.hostname, w.cluster
