-- What the file of a path source looked like when it was hashed: size, times,
-- inode (JSON). A later import that finds the file exactly so, and hashed
-- long enough after its last change, reuses the hash instead of reading the
-- whole file again (src/sources/fingerprint.ts).
ALTER TABLE imports ADD COLUMN file_stat TEXT;
