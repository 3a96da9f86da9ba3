import { describe, expect, it } from 'vitest';
import { parseSeed, type Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

function captureIo(): Io & { stderr: () => string } {
  let err = '';
  return {
    out: () => {},
    err: (t) => void (err += t),
    data: () => {},
    stdoutIsTty: false,
    stderrIsTty: false,
    color: false,
    stderr: () => err,
  };
}

describe('parseSeed', () => {
  it('reads a whole number from 0 to 4294967295', () => {
    expect(parseSeed(undefined)).toBeUndefined();
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('4294967295')).toBe(4294967295);
  });

  it('refuses anything else with the same message', () => {
    for (const bad of ['4294967296', '-1', '1.5', '1e3', '', ' 7']) {
      expect(() => parseSeed(bad)).toThrow(`--seed: expected a whole number from 0 to 4294967295, got "${bad}"`);
    }
  });

  // `plan` accepted any run of digits (4294967296 planned as if it were 0); `pass` refused it.
  it('is how plan and pass both read --seed (exit 2, before touching the workspace)', async () => {
    for (const command of ['plan', 'pass']) {
      const io = captureIo();
      expect(await main(['-C', '/nonexistent-breakfix-workspace', command, '--seed', '4294967296'], io)).toBe(2);
      expect(io.stderr()).toBe('breakfix: --seed: expected a whole number from 0 to 4294967295, got "4294967296"\n');
    }
  });
});
