import { parentPort, workerData } from 'node:worker_threads';
import { HostNormalizer } from './host-normalizer.js';
import type { ParseContext } from './load-context.js';
import { parseKind } from './load-kind.js';
import type { LoadTarget, RowSink } from './load-target.js';
import { MAX_BATCHES_IN_FLIGHT, sendableError, type ParseWorkerData, type WorkerMessage } from './parse-in-worker.js';
import { RowBatchWriter, transferables } from './row-batch.js';

/**
 * The worker side of parse-in-worker.ts: runs one source's parse phase with
 * a target that sends everything it is asked to do to the importing thread.
 */

const data = workerData as ParseWorkerData;
const inFlight = new Int32Array(data.inFlight);
const port = parentPort!;

/** Rows per batch: large enough that a message's cost vanishes, small enough to keep the two threads in step. */
const ROWS_PER_BATCH = 8192;

function send(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/**
 * Send a batch once fewer than MAX_BATCHES_IN_FLIGHT are waiting to be
 * inserted: a parser faster than SQLite must not queue up the whole input.
 * (Waits in short steps, so a terminate() from the importing thread is seen.)
 */
function sendBatch(writer: RowBatchWriter): void {
  for (let pending = Atomics.load(inFlight, 0); pending >= MAX_BATCHES_IN_FLIGHT; pending = Atomics.load(inFlight, 0)) {
    Atomics.wait(inFlight, 0, pending, 50);
  }
  Atomics.add(inFlight, 0, 1);
  const batch = writer.take();
  send({ t: 'rows', batch }, transferables(batch));
}

let sinks = 0;
const target: LoadTarget = {
  createTable(spec) {
    send({ t: 'table', spec });
  },
  inserter(table, columns, options): RowSink {
    const id = sinks++;
    send({ t: 'inserter', id, table, columns, options });
    const writer = new RowBatchWriter(id, columns.length, ROWS_PER_BATCH);
    let pushed = 0;
    return {
      push(values) {
        writer.push(values);
        pushed++;
        if (writer.full) sendBatch(writer);
      },
      flush() {
        if (writer.size > 0) sendBatch(writer);
        return pushed;
      },
    };
  },
};

const hosts = new HostNormalizer(data.hostOptions, { collectDistinct: data.collectDistinct });
const ctx: ParseContext = {
  source: data.source,
  file: data.file,
  importId: data.importId,
  hosts,
  capturedAt: data.capturedAt,
  progress: data.reportProgress ? (bytes) => send({ t: 'progress', bytes }) : undefined,
  target,
};

try {
  const summary = await parseKind(ctx);
  send({ t: 'done', summary, hosts: hosts.snapshot() });
} catch (err) {
  send({ t: 'error', error: sendableError(err) });
}
