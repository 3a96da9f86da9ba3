-- description: half of a cycle
SELECT hostname FROM cycle_b
