-- description: flips a pragma
PRAGMA writable_schema = ON
