import type { ReadProgress } from '../sources/line-reader.js';
import { formatBytes } from '../util/format-table.js';
import { escapeValue } from '../util/terminal-text.js';

/** Inputs smaller than this import too fast for a progress bar to help. */
const MIN_BYTES = 16 * 1024 * 1024;

/**
 * A one-line progress bar on stderr, only when stderr is a terminal (never in
 * cron mail or CI logs) and only for large inputs; redrawn at most 10 times a second.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr) {
  return (label: string, total: number): ReadProgress | undefined => {
    if (!stream.isTTY || total < MIN_BYTES || process.env['NO_PROGRESS']) return undefined;
    let last = 0;
    return (done: number) => {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = Math.min(width, Math.round((done / total) * width));
      stream.write(`\r  ${escapeValue(label)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${formatBytes(done)} / ${formatBytes(total)}\x1b[K`);
      if (done >= total) stream.write('\r\x1b[K');
    };
  };
}
