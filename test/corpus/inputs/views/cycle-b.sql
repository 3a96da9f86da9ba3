-- description: the other half
SELECT hostname FROM cycle_a
