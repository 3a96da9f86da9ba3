-- description: which policy archetype each cluster gets (unlisted clusters are default)
SELECT 'archive' AS cluster, 'dense' AS archetype
UNION ALL SELECT 'etl', 'small'
UNION ALL SELECT 'cache-prod', 'small'
