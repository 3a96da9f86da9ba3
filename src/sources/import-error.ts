import { InputError, ParseError } from '../errors.js';

/**
 * What failed an import, as the InputError its report and transcript show:
 * a parser's error with the file it read, the file errors a user can fix
 * named in words, SQLite's errors (a full disk) as what they are. Anything
 * else is a bug and is rethrown.
 */
export function asInputError(err: unknown, file: string): InputError {
  if (err instanceof InputError) return err;
  if (err instanceof ParseError) return err.toInputError(file);
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EISDIR') return new InputError({ file }, 'is a directory, not a file');
  if (e.code === 'EACCES') return new InputError({ file }, 'permission denied');
  if (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC') return new InputError({ file }, `disk full while importing: ${e.message}`);
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return new InputError({ file }, `database error while importing: ${e.message}`);
  throw err;
}
