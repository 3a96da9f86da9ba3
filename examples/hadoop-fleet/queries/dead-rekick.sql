-- description: workers waiting for a rekick that are dead or unresponsive (the reinstall is their only way back)
SELECT r.hostname, r.cluster, r.rack
FROM rekick_candidates AS r
WHERE r.hostname IN (SELECT hostname FROM hdfs_dead)
   OR r.hostname IN (SELECT hostname FROM unresponsive)
