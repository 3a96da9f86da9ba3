-- description: hosts a hostlist source names that the inventory does not know (a short-name list against an FQDN inventory lands here whole)
-- depends: hostlist_entries, inventory_hosts
SELECT hostname, source
FROM hostlist_entries
WHERE hostname NOT IN (SELECT hostname FROM inventory_hosts)
