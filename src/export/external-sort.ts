import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../util/atomic-write.js';
import { openNewFile } from '../util/safe-fs.js';
import { compareBytewise } from '../util/bytewise.js';

/** Lines held in memory per run; beyond this, sorted runs spill to temporary files. */
const RUN_LINES = 200_000;

/**
 * Sort lines bytewise (as `LC_ALL=C sort`) with bounded memory: sort runs of
 * RUN_LINES in memory, spill each to a temporary file, then merge the runs.
 * Only used when SQLite's ORDER BY on the column values does not already give
 * bytewise order of the encoded lines (NULLs, escapes, control characters).
 * The runs live in a private directory named like every temporary file
 * (`.sort.tmp-PID-RANDOM`, util/atomic-write.ts), removed when the merge is
 * done, or by the next locked command when the process was killed.
 */
export function* sortLines(lines: Iterable<string>, tmpParent: string): Generator<string> {
  const files: string[] = [];
  let dir: string | undefined;
  let current: string[] = [];
  const spill = () => {
    current.sort(compareBytewise);
    dir ??= makeTempDir(tmpParent, 'sort');
    const file = join(dir, `run${files.length}`);
    const fd = openNewFile(file);
    let buf = '';
    for (const l of current) {
      buf += l + '\n';
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
    closeSync(fd);
    files.push(file);
    current = [];
  };
  try {
    for (const line of lines) {
      current.push(line);
      if (current.length >= RUN_LINES) spill();
    }
    if (files.length === 0) {
      current.sort(compareBytewise);
      yield* current;
      return;
    }
    if (current.length > 0) spill();
    yield* mergeRuns(files.map((f) => readRunLines(f)));
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

function* readRunLines(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let carry = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      // Runs are written by us in UTF-8; a read can end mid-character, so decode up to the last newline.
      const chunk = buf.subarray(0, n);
      const lastNl = chunk.lastIndexOf(0x0a);
      if (lastNl === -1) {
        carry += chunk.toString('utf8');
        continue;
      }
      const text = carry + chunk.subarray(0, lastNl).toString('utf8');
      carry = chunk.subarray(lastNl + 1).toString('utf8');
      yield* text.split('\n');
    }
  } finally {
    closeSync(fd);
  }
}

/** k-way merge of sorted line iterators with a small binary heap. */
function* mergeRuns(runs: Iterator<string>[]): Generator<string> {
  const heap: { line: string; run: number }[] = [];
  const push = (item: { line: string; run: number }) => {
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(heap[p]!, heap[i]!)) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  const less = (a: { line: string; run: number }, b: { line: string; run: number }) => {
    const c = compareBytewise(a.line, b.line);
    return c < 0 || (c === 0 && a.run < b.run);
  };
  runs.forEach((it, run) => {
    const n = it.next();
    if (!n.done) push({ line: n.value, run });
  });
  while (heap.length > 0) {
    const { line, run } = pop();
    yield line;
    const n = runs[run]!.next();
    if (!n.done) push({ line: n.value, run });
  }
}
