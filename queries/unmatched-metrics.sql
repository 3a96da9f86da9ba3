-- description: hosts a metrics source has samples for that the inventory does not know
-- depends: metric_hosts, inventory_hosts
-- metric_hosts holds each source's distinct hosts (written by the metrics
-- import): one lookup per host, where grouping the samples cost a second per
-- million samples.
SELECT hostname, source
FROM metric_hosts
WHERE hostname NOT IN (SELECT hostname FROM inventory_hosts)
