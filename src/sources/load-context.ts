import type { Database } from 'better-sqlite3';
import type { NamedSource, SourceConfigOf, SourceKind } from '../config/schema.js';
import type { HostNormalizer } from './host-normalizer.js';
import type { ReadProgress } from './line-reader.js';

/** What a kind's loader gets: one source, the file to read, and the open transaction's database. */
export interface LoadContext<K extends SourceKind = SourceKind> {
  readonly db: Database;
  readonly source: SourceConfigOf<K> & { readonly name: string };
  /** The file to parse: the configured path, or the saved stdout of the command. */
  readonly file: string;
  readonly importId: number;
  readonly hosts: HostNormalizer;
  /** When the data was captured (epoch s): file mtime or command end. Formats without timestamps use it. */
  readonly capturedAt: number;
  readonly progress?: ReadProgress | undefined;
}

export interface LoadResult {
  /** Rows now in the table for this source. */
  readonly rows: number;
  /** Entries a hostlist repeated (tolerated and counted). */
  readonly duplicates?: number;
}

export function isKind<K extends SourceKind>(ctx: LoadContext, kind: K): ctx is LoadContext<K> {
  return ctx.source.kind === kind;
}

export type AnySource = NamedSource;
