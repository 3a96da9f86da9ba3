-- description: attaches another database
ATTACH DATABASE '/tmp/breakfix-corpus-evil.db' AS evil
