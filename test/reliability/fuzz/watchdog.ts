import { Worker } from 'node:worker_threads';

/**
 * The last line of defence against a hang. Runs are timed, and one over the
 * bound fails its property; but a parser stuck in a synchronous loop never
 * returns to be timed, and neither fast-check's nor vitest's timeouts can
 * fire while the event loop is blocked. This watchdog lives on its own
 * thread, so it still runs then: when a run has been armed for longer than
 * `limitMs` it prints which run (and the file holding its input) and kills
 * the test process, which vitest reports as a failed file.
 */
const WATCHDOG_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let armed = null;
parentPort.on('message', (m) => { armed = m.what === undefined ? null : m; });
setInterval(() => {
  if (armed === null || Date.now() - armed.at <= workerData.limitMs) return;
  writeSync(2, '\\nfuzz watchdog: ' + armed.what + ' has not returned after ' + workerData.limitMs / 1000 + ' s: a hang. Killing the test process.\\n');
  process.kill(process.pid, 'SIGKILL');
}, 250);
`;

export class Watchdog {
  private readonly worker: Worker;

  constructor(readonly limitMs: number) {
    this.worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { limitMs } });
    // It must never keep the test process alive on its own.
    this.worker.unref();
  }

  /** A run starts; `what` says which, for the message if it never ends. */
  arm(what: string): void {
    this.worker.postMessage({ at: Date.now(), what });
  }

  disarm(): void {
    this.worker.postMessage({});
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
