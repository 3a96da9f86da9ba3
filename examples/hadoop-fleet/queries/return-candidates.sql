-- description: reinstalled workers that are healthy again: responsive, puppet passing, no fault
SELECT w.hostname, w.cluster, w.rack, w.data_group
FROM hadoop_workers_role AS w
WHERE w.lifecycle = 'repaired'
  AND w.hostname IN (SELECT hostname FROM responsive)
  AND w.hostname NOT IN (SELECT hostname FROM broken_workers)
