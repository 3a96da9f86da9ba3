-- description: inventory hosts on ticketed ∩ responsive − puppet-failing − dead, with their ticket (compound operators)
SELECT hostname, service_ticket FROM inventory
WHERE hostname IN (SELECT hostname FROM ticketed INTERSECT SELECT hostname FROM responsive EXCEPT SELECT hostname FROM puppet_failing EXCEPT SELECT hostname FROM dead)
