import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Append-only text file writer with a bounded buffer: lines are collected into
 * a string and written once it passes 1 MiB, so a 10M-row file is generated
 * with constant memory.
 */
export class LineWriter {
  private readonly fd: number;
  private buffer = '';
  lines = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  line(text: string): void {
    this.buffer += text + '\n';
    this.lines++;
    if (this.buffer.length >= 1 << 20) this.drain();
  }

  close(): void {
    this.drain();
    closeSync(this.fd);
  }

  private drain(): void {
    if (this.buffer === '') return;
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
