import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchInserterOptions } from '../db/bulk-insert.js';
import type { SourceKind } from '../config/schema.js';
import type { HostOptions } from '../hosts/hostname.js';
import { InternalError, ParseError, UsageError } from '../errors.js';
import type { NormalizerState } from './host-normalizer.js';
import type { LoadContext, ParseSummary } from './load-context.js';
import type { RowSink } from './load-target.js';
import { forEachRow, type RowBatch } from './row-batch.js';
import type { SourceTableSpec } from './source-tables.js';

/**
 * Parsing a large input on a worker thread while this thread inserts its
 * rows. Inserting is SQLite's work and must stay on the connection that
 * holds the import's transaction; parsing (splitting lines and fields,
 * checking hostnames, reading numbers) is the other half of an import, and
 * on a second core it overlaps the inserts instead of preceding each.
 *
 * The worker runs the very same parse phase (load-kind.ts parseKind) with a
 * target that forwards what it does — create the table, open an inserter,
 * push rows — as messages, rows in RowBatches. This thread replays them, in
 * order, into its own target. So rows, tables and errors are exactly those
 * of parsing here: a ParseError in the worker arrives after every row parsed
 * before it, and is thrown here as it would have been.
 */

/**
 * Inputs smaller than this are parsed here: a worker's start-up (0.1-0.2 s)
 * and its competition for the second core cost about what it saves (a
 * 12 MB, 100k-host inventory: 1.2-1.4 s parsed here, 1.5-2.3 s with the
 * worker, in-process; a 56 MB, 1M-line metrics TSV: 3.4-4.3 s here,
 * 2.6-3.7 s with it).
 */
export const PARSE_WORKER_MIN_BYTES = 32 * 1024 * 1024;

/** Batches the worker may have sent that this thread has not inserted yet: bounds the memory between the two. */
export const MAX_BATCHES_IN_FLIGHT = 4;

/**
 * Should an input of `bytes` be parsed on a worker? Only with a second core
 * to run it, unless `minBytes` overrides the threshold (tests use 0 to run
 * every input through the worker).
 */
export function useParseWorker(bytes: number, minBytes?: number): boolean {
  if (minBytes !== undefined) return bytes >= minBytes;
  return bytes >= PARSE_WORKER_MIN_BYTES && availableParallelism() >= 2;
}

export interface ParseWorkerData {
  readonly kind: SourceKind;
  readonly source: LoadContext['source'];
  readonly file: string;
  readonly importId: number;
  readonly capturedAt: number;
  readonly hostOptions: HostOptions;
  readonly collectDistinct: boolean;
  readonly reportProgress: boolean;
  /** One Int32: batches sent and not yet inserted. */
  readonly inFlight: SharedArrayBuffer;
}

/** An error that crossed from the worker, rebuilt as the class it was. */
export type SentError =
  | { readonly kind: 'parse'; readonly problem: string; readonly line: number | undefined; readonly jsonPath: string | undefined }
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'other'; readonly message: string; readonly code: string | undefined; readonly stack: string | undefined };

export type WorkerMessage =
  | { readonly t: 'table'; readonly spec: SourceTableSpec }
  | { readonly t: 'inserter'; readonly id: number; readonly table: string; readonly columns: readonly string[]; readonly options: BatchInserterOptions | undefined }
  | { readonly t: 'rows'; readonly batch: RowBatch }
  | { readonly t: 'progress'; readonly bytes: number }
  | { readonly t: 'done'; readonly summary: ParseSummary; readonly hosts: NormalizerState }
  | { readonly t: 'error'; readonly error: SentError };

export function sendableError(err: unknown): SentError {
  if (err instanceof ParseError) return { kind: 'parse', problem: err.problem, line: err.line, jsonPath: err.jsonPath };
  if (err instanceof UsageError) return { kind: 'usage', message: err.message };
  const e = err as NodeJS.ErrnoException;
  return { kind: 'other', message: e?.message ?? String(err), code: typeof e?.code === 'string' ? e.code : undefined, stack: e?.stack };
}

function rebuiltError(e: SentError): Error {
  switch (e.kind) {
    case 'parse':
      return new ParseError(e.problem, e.line, e.jsonPath);
    case 'usage':
      return new UsageError(e.message);
    case 'other': {
      // An errno or SQLite code keeps its meaning for the caller (asInputError); anything else is a bug in breakfix.
      if (e.code !== undefined) return Object.assign(new Error(e.message), { code: e.code });
      const err = new InternalError(`while parsing on a worker thread: ${e.message}`);
      if (e.stack !== undefined) err.stack = e.stack;
      return err;
    }
  }
}

/** Run the parse phase of `ctx` on a worker thread, inserting its rows through `ctx.target` here. */
export function parseInWorker(ctx: LoadContext): Promise<ParseSummary> {
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const { options, collectDistinct } = ctx.hosts.settings;
  const data: ParseWorkerData = {
    kind: ctx.source.kind,
    source: ctx.source,
    file: ctx.file,
    importId: ctx.importId,
    capturedAt: ctx.capturedAt,
    hostOptions: options,
    collectDistinct,
    reportProgress: ctx.progress !== undefined,
    inFlight: inFlight.buffer as SharedArrayBuffer,
  };
  const worker = new Worker(new URL('./parse-worker.js', import.meta.url), { workerData: data });
  const sinks: RowSink[] = [];
  return new Promise<ParseSummary>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        switch (m.t) {
          case 'table':
            ctx.target.createTable(m.spec);
            break;
          case 'inserter':
            sinks[m.id] = ctx.target.inserter(m.table, m.columns, m.options);
            break;
          case 'rows': {
            const sink = sinks[m.batch.sink]!;
            forEachRow(m.batch, (values) => sink.push(values));
            Atomics.sub(inFlight, 0, 1);
            Atomics.notify(inFlight, 0);
            break;
          }
          case 'progress':
            ctx.progress?.(m.bytes);
            break;
          case 'done':
            for (const s of sinks) s.flush();
            ctx.hosts.adopt(m.hosts);
            settle(() => resolve(m.summary));
            break;
          case 'error':
            settle(() => reject(rebuiltError(m.error)));
            break;
        }
      } catch (err) {
        settle(() => reject(err));
      }
    });
    worker.on('error', (err) => settle(() => reject(new InternalError(`the parse worker failed: ${err.message}`))));
    worker.on('exit', (code) => settle(() => reject(new InternalError(`the parse worker exited (code ${code}) before it finished`))));
  });
}
