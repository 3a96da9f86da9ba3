-- description: hosts a YARN source names that the inventory does not know
-- depends: yarn_nodes, inventory_hosts
SELECT DISTINCT hostname, cluster, source
FROM yarn_nodes
WHERE hostname NOT IN (SELECT hostname FROM inventory_hosts)
