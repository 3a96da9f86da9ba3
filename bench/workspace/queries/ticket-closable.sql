-- description: inventory hosts on ticketed ∩ responsive − puppet-failing − dead, with their ticket: the ticket can probably be closed
SELECT i.hostname, i.service_ticket
FROM ticketed AS t
JOIN inventory AS i ON i.hostname = t.hostname
WHERE EXISTS (SELECT 1 FROM responsive AS r WHERE r.hostname = t.hostname)
  AND NOT EXISTS (SELECT 1 FROM puppet_failing AS p WHERE p.hostname = t.hostname)
  AND NOT EXISTS (SELECT 1 FROM dead AS d WHERE d.hostname = t.hostname)
