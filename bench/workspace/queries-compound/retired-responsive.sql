-- description: retired ∩ responsive (compound operators)
SELECT hostname FROM retired
INTERSECT SELECT hostname FROM responsive
