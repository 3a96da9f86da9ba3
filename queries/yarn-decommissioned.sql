-- description: NodeManagers in state DECOMMISSIONED (placeholder = 1: listed only by the RM exclude file)
-- depends: yarn_nodes
SELECT DISTINCT hostname, cluster, node_id, placeholder
FROM yarn_nodes
WHERE current = 1 AND state = 'DECOMMISSIONED'
