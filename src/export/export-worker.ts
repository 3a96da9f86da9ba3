import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { CACHE_KIB } from '../db/open.js';
import type { ExportJob, ExportJobResult, ExportWorkerData } from './parallel-export.js';
import { writeViewFile } from './write-view.js';

/**
 * A second exporter for large days (see parallel-export.ts): its own
 * read-only connection to the committed state.db, taking jobs from the
 * shared counter until none are left, posting each result.
 */
const data = workerData as ExportWorkerData;
const next = new Int32Array(data.counter);
const db = new Database(data.dbFile, { readonly: true, fileMustExist: true });
try {
  db.pragma('busy_timeout = 10000');
  db.pragma(`cache_size = -${CACHE_KIB}`);
  db.pragma('temp_store = FILE');
  for (;;) {
    const index = Atomics.add(next, 0, 1);
    if (index >= data.jobs.length) break;
    const job: ExportJob = data.jobs[index]!;
    const started = performance.now();
    let result: ExportJobResult;
    try {
      result = { index, ok: true, written: writeViewFile(db, job.view, job.dest), seconds: (performance.now() - started) / 1000 };
    } catch (err) {
      result = { index, ok: false, message: (err as Error).message };
    }
    parentPort!.postMessage(result);
  }
} finally {
  db.close();
}
