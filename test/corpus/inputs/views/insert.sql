-- description: tries to write
INSERT INTO excluded (hostname, _import) VALUES ('dn0001.smf1.example.com', 1)
