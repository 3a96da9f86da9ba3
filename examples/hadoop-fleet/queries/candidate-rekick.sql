-- description: the classic set: all workers − excluded ∩ responsive ∩ puppet-ok (safe to rekick for a rolling upgrade)
SELECT hostname FROM hadoop_workers_role
EXCEPT SELECT hostname FROM excluded
INTERSECT SELECT hostname FROM responsive
EXCEPT SELECT hostname FROM puppet_failing
