-- description: managed workers − excluded ∩ responsive − puppet-failing (compound operators)
SELECT hostname FROM inventory WHERE role = 'hadoop-worker' AND lifecycle = 'managed'
EXCEPT SELECT hostname FROM excluded
INTERSECT SELECT hostname FROM responsive
EXCEPT SELECT hostname FROM puppet_failing
