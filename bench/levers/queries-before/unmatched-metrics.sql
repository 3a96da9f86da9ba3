-- description: hosts a metrics source has samples for that the inventory does not know
-- depends: metric_samples, inventory_hosts
SELECT DISTINCT hostname, source
FROM metric_samples
WHERE hostname NOT IN (SELECT hostname FROM inventory_hosts)
