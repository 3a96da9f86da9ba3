import { closeSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureRealDir, openForAppend } from './safe-fs.js';
import { escapeForTerminal } from './terminal-text.js';

/**
 * How much of a command's output the transcript copies: the first this-many
 * bytes of each stream (stdout, stderr) of each command, then one line saying
 * how many bytes were not copied. A command that prints gigabytes must not
 * fill the disk the workspace is on; what matters for a failure is usually
 * its first lines (and the last line of stderr, which the journal note and
 * the error message keep).
 */
export const TRANSCRIPT_STREAM_CAP = 64 * 1024;

/** Receives one command's output as it arrives; `end` once the command is done. */
export interface CommandOutput {
  readonly write: (stream: 'stdout' | 'stderr', text: string) => void;
  end(): void;
}

/**
 * runs/DAY/transcript.log: every step of every pass with a timestamp, every
 * command line, its output and exit code. Appended synchronously so that what
 * happened before a crash is on disk: each write opens the file with
 * O_APPEND|O_NOFOLLOW and refuses anything but a regular file, so a link or
 * FIFO planted in its place is never written through (util/safe-fs.ts).
 *
 * The transcript is read with `less`, `tail -f` and `grep` on a terminal, so
 * control characters in what it copies (a command's output, a value in a
 * message) are escaped as on a terminal (util/terminal-text.ts).
 */
export class Transcript {
  constructor(
    readonly file: string,
    private readonly clock: () => Date,
  ) {
    ensureRealDir(dirname(file));
  }

  /** One line: `2026-11-23T10:00:00.123Z step message`. */
  write(step: string, message: string): void {
    const lines = message.replace(/\n+$/, '').split('\n');
    const stamp = this.clock().toISOString();
    this.append(lines.map((l, i) => `${stamp} ${i === 0 ? step : ' '.repeat(step.length)} ${l}`).join('\n') + '\n');
  }

  /**
   * A sink for one command's output, indented under the step that ran it
   * (`    | ` for stdout, `    ! ` for stderr), whole lines at a time, at
   * most TRANSCRIPT_STREAM_CAP bytes of each stream.
   */
  commandOutput(): CommandOutput {
    const streams = { stdout: new CappedStream('|'), stderr: new CappedStream('!') };
    return {
      write: (stream, text) => {
        const out = streams[stream].take(text);
        if (out !== '') this.append(out);
      },
      end: () => {
        const out = streams.stdout.end() + streams.stderr.end();
        if (out !== '') this.append(out);
      },
    };
  }

  private append(text: string): void {
    const fd = openForAppend(this.file);
    try {
      writeSync(fd, escapeForTerminal(text));
    } finally {
      closeSync(fd);
    }
  }
}

/** One stream of one command: complete lines up to the cap, the rest counted. */
class CappedStream {
  private copied = 0;
  private dropped = 0;
  private partial = '';

  constructor(private readonly mark: string) {}

  /** The transcript lines `text` completes (empty when it completes none, or the cap was reached). */
  take(text: string): string {
    const bytes = Buffer.byteLength(text, 'utf8');
    const room = TRANSCRIPT_STREAM_CAP - this.copied;
    let kept = text;
    if (bytes > room) {
      kept = prefixOfBytes(text, room);
      this.dropped += bytes - Buffer.byteLength(kept, 'utf8');
    }
    this.copied += Buffer.byteLength(kept, 'utf8');
    const all = this.partial + kept;
    const lastNl = all.lastIndexOf('\n');
    if (lastNl === -1) {
      this.partial = all;
      return '';
    }
    this.partial = all.slice(lastNl + 1);
    return this.format(all.slice(0, lastNl));
  }

  /** The last line (without a newline), and what was not copied. */
  end(): string {
    let out = this.partial !== '' ? this.format(this.partial) : '';
    this.partial = '';
    if (this.dropped > 0) {
      const stream = this.mark === '!' ? 'stderr' : 'stdout';
      out += `    ${this.mark} [${this.dropped} more bytes of ${stream} not copied: the transcript keeps the first ${TRANSCRIPT_STREAM_CAP / 1024} KiB of each stream of a command]\n`;
      this.dropped = 0;
    }
    return out;
  }

  private format(lines: string): string {
    return lines
      .split('\n')
      .map((l) => `    ${this.mark} ${l}`)
      .join('\n') + '\n';
  }
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `bytes` (never half a character). */
function prefixOfBytes(text: string, bytes: number): string {
  if (bytes <= 0) return '';
  const buf = Buffer.from(text, 'utf8').subarray(0, bytes + 1);
  let end = Math.min(bytes, buf.length);
  // Back up over continuation bytes (10xxxxxx) to the start of the character cut in two.
  if (end < buf.length) while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/** A transcript that writes nothing (read-only commands, tests). */
export const nullTranscript = {
  write() {},
  commandOutput: () => ({ write() {}, end() {} }),
} as unknown as Transcript;
