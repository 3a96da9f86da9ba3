-- description: a second statement that writes
SELECT hostname FROM inventory; DROP TABLE inventory
