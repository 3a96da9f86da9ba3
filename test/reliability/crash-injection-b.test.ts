import { describe, it } from 'vitest';
import { crashSuite, FULL } from './crash/crash-test.js';

// The second half of npm run test:reliability's 200 kills, in its own process (vitest runs files in parallel).
if (FULL) crashSuite('crash-b', [23, 24].map((seed) => ({ seed, kills: 50, hosts: 3000 })), 100);
else describe.skip('crash injection, seeds 23 and 24 (npm run test:reliability)', () => it('runs under BREAKFIX_RELIABILITY=all', () => {}));
