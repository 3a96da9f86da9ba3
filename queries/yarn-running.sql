-- description: NodeManagers in state RUNNING (the row that speaks for each host)
-- depends: yarn_nodes
SELECT DISTINCT hostname, cluster, node_id, containers
FROM yarn_nodes
WHERE current = 1 AND state = 'RUNNING'
