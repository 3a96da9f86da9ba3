-- description: loads a shared library
SELECT load_extension('/tmp/breakfix-corpus-evil.so') AS hostname
