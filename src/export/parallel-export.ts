import type { Database } from 'better-sqlite3';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { writeViewFile, type WrittenView } from './write-view.js';

export interface ExportJob {
  /** SQL name of the view. */
  readonly view: string;
  readonly dest: string;
}

export interface TimedWrite {
  readonly written: WrittenView;
  readonly seconds: number;
}

export type ExportJobResult =
  | { readonly index: number; readonly ok: true; readonly written: WrittenView; readonly seconds: number }
  | { readonly index: number; readonly ok: false; readonly message: string };

export interface ExportWorkerData {
  readonly dbFile: string;
  readonly jobs: readonly ExportJob[];
  /** One Int32: the index of the next job to take, shared by both threads. */
  readonly counter: SharedArrayBuffer;
}

/**
 * Below this size of state.db a second thread is not worth starting (about
 * 0.1 s to load its modules, against exports that take less than that).
 */
export const PARALLEL_EXPORT_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Write view files on this thread and one worker thread at once. Both take
 * the next job from a shared counter, so a long view on one thread does not
 * hold up the rest. The worker reads through its own read-only connection:
 * the views and every import are committed before the export starts, and
 * nothing writes while it runs, so both threads see the same data.
 *
 * Results come back in job order. A job the worker could not finish (it
 * failed to start, died, or hit an error) is done again on this thread, so
 * an error surfaces exactly as the one-thread export would raise it.
 */
export async function writeViewsInParallel(db: Database, dbFile: string, jobs: readonly ExportJob[]): Promise<TimedWrite[]> {
  const results: (TimedWrite | undefined)[] = new Array(jobs.length);
  const here = (index: number) => {
    const job = jobs[index]!;
    const started = performance.now();
    results[index] = { written: writeViewFile(db, job.view, job.dest), seconds: (performance.now() - started) / 1000 };
  };
  if (!worthParallel(dbFile, jobs.length)) {
    for (let i = 0; i < jobs.length; i++) here(i);
    return results as TimedWrite[];
  }

  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const data: ExportWorkerData = { dbFile, jobs, counter };
  const worker = new Worker(new URL('./export-worker.js', import.meta.url), { workerData: data });
  const done = new Promise<void>((resolve) => {
    worker.on('message', (r: ExportJobResult) => {
      if (r.ok) results[r.index] = { written: r.written, seconds: r.seconds };
    });
    // Whatever the worker left undone is redone below; its error itself is not needed.
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
  try {
    for (;;) {
      const index = Atomics.add(next, 0, 1);
      if (index >= jobs.length) break;
      here(index);
    }
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  await done;
  for (let i = 0; i < jobs.length; i++) if (results[i] === undefined) here(i);
  return results as TimedWrite[];
}

function worthParallel(dbFile: string, jobs: number): boolean {
  if (jobs < 2 || availableParallelism() < 2) return false;
  try {
    return statSync(dbFile).size >= PARALLEL_EXPORT_MIN_BYTES;
  } catch {
    return false;
  }
}
