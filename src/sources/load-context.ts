import type { Database } from 'better-sqlite3';
import type { SourceConfigOf, SourceKind } from '../config/schema.js';
import type { HostNormalizer } from './host-normalizer.js';
import type { ColumnMap } from './delimited.js';
import type { ReadProgress } from './line-reader.js';
import type { LoadTarget } from './load-target.js';

/**
 * What a kind's parse phase gets: one source, the file to read, and a target
 * for its table and rows. It may run on a worker thread (parse-in-worker.ts),
 * so it never touches the database but through `target`.
 */
export interface ParseContext<K extends SourceKind = SourceKind> {
  readonly source: SourceConfigOf<K> & { readonly name: string };
  /** The file to parse: the configured path, or the saved stdout of the command. */
  readonly file: string;
  readonly importId: number;
  readonly hosts: HostNormalizer;
  /** When the data was captured (epoch s): file mtime or command end. Formats without timestamps use it. */
  readonly capturedAt: number;
  readonly progress?: ReadProgress | undefined;
  readonly target: LoadTarget;
}

/** What a kind's finish phase gets: the same, and the open transaction's database. */
export interface LoadContext<K extends SourceKind = SourceKind> extends ParseContext<K> {
  readonly db: Database;
}

/**
 * What a parse phase tells its finish phase, as plain data (it may cross
 * threads): the rows it pushed and, for delimited tables, how the columns
 * were read.
 */
export interface ParseSummary {
  readonly rows: number;
  /** Records skipped on purpose (Prometheus samples without the host label), for the kinds that skip any. */
  readonly skipped?: number;
  readonly columns?: ColumnMap;
  readonly hasHeader?: boolean;
}

export interface LoadResult {
  /** Rows now in the table for this source. */
  readonly rows: number;
  /** Input records skipped on purpose (see ParseSummary). */
  readonly skipped?: number;
  /** Entries a hostlist repeated (tolerated and counted). */
  readonly duplicates?: number;
}
