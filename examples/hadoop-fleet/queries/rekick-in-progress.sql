-- description: workers being reinstalled right now (they use rekick's budget)
SELECT hostname, cluster, data_group
FROM hadoop_workers_role
WHERE lifecycle = 'rekicking'
