-- description: managed workers ∩ dead − excluded − reserved: the reinstall is their only way back
-- Driven from the short list: with the hostname IN dead, SQLite walks dead
-- and looks each host up by the inventory's key; an EXISTS on dead made it
-- scan every managed worker and probe dead for each (at 100k hosts: 4 ms
-- instead of 100 ms).
SELECT i.hostname, i.cluster, i.rack
FROM inventory AS i
WHERE i.role = 'hadoop-worker' AND i.lifecycle = 'managed'
  AND i.hostname IN (SELECT hostname FROM dead)
  AND NOT EXISTS (SELECT 1 FROM excluded AS e WHERE e.hostname = i.hostname)
  AND NOT EXISTS (SELECT 1 FROM reserved AS r WHERE r.hostname = i.hostname)
