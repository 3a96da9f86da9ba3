-- description: NodeManagers in state LOST (stopped heartbeating to the ResourceManager)
-- depends: yarn_nodes
SELECT DISTINCT hostname, cluster, node_id
FROM yarn_nodes
WHERE current = 1 AND state = 'LOST'
