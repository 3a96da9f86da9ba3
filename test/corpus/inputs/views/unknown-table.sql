-- description: typo in a table name
SELECT hostname FROM inventroy
