-- description: shadows the imports table
SELECT hostname FROM inventory
