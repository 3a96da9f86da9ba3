-- description: NodeManagers in state UNHEALTHY, with the health checker's report
-- depends: yarn_nodes
SELECT DISTINCT hostname, cluster, node_id, health_report, last_health_update
FROM yarn_nodes
WHERE current = 1 AND state = 'UNHEALTHY'
