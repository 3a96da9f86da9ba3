-- description: a view whose exported file would land on runs/DAY/plan/
SELECT hostname FROM inventory
