VACUUM INTO '/tmp/breakfix-corpus-copy.db'
