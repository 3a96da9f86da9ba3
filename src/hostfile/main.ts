#!/usr/bin/env node
import { BreakfixError, EXIT } from '../errors.js';
import { run } from './cli.js';

/** The breakfix-exclude program (dist/bundle/breakfix-exclude.js): see cli.ts. */
let code: number;
try {
  code = run(process.argv.slice(2));
} catch (err) {
  if (err instanceof BreakfixError) {
    process.stderr.write(`breakfix-exclude: ${err.message}\n`);
    code = err.exitCode;
  } else {
    process.stderr.write(`breakfix-exclude: internal error: ${(err as Error).stack ?? String(err)}\n`);
    code = EXIT.error;
  }
}
process.exitCode = code;
