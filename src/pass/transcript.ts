import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * runs/DAY/transcript.log: every step of every pass with a timestamp, every
 * command line, its output and exit code. Appended synchronously so that what
 * happened before a crash is on disk.
 */
export class Transcript {
  constructor(
    readonly file: string,
    private readonly clock: () => Date,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** One line: `2026-11-23T10:00:00.123Z step message`. */
  write(step: string, message: string): void {
    const lines = message.replace(/\n+$/, '').split('\n');
    const stamp = this.clock().toISOString();
    appendFileSync(this.file, lines.map((l, i) => `${stamp} ${i === 0 ? step : ' '.repeat(step.length)} ${l}`).join('\n') + '\n');
  }

  /** A command's output, indented under the step that ran it. */
  output(stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    const body = text.replace(/\n$/, '').split('\n').map((l) => `    ${stream === 'stderr' ? '!' : '|'} ${l}`).join('\n');
    appendFileSync(this.file, `${body}\n`);
  }
}

/** A transcript that writes nothing (read-only commands, tests). */
export const nullTranscript = { write() {}, output() {} } as unknown as Transcript;
