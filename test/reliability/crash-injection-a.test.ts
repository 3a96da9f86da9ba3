import { crashSuite, FULL } from './crash/crash-test.js';

// npm test: one seed, a kill aimed at each phase twice, on a small fleet. npm run test:reliability: 2 × 50 on the example's 3,000 hosts.
crashSuite('crash-a', FULL ? [21, 22].map((seed) => ({ seed, kills: 50, hosts: 3000 })) : [{ seed: 21, kills: 10, hosts: 400 }], FULL ? 100 : undefined);
