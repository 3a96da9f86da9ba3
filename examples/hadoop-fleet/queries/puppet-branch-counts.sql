-- description: hosts per puppet branch and lifecycle (is a feature branch left on production hosts?)
SELECT puppet_branch, lifecycle, count(*) AS hosts
FROM inventory
GROUP BY puppet_branch, lifecycle
