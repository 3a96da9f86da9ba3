import { multiPassSuite } from './multi-pass.js';

// 100 passes of the example fleet against the simulator (see multi-pass.ts);
// BREAKFIX_E2E_MORE_SEEDS=12,13,... adds seeds to this file's run.
const more = (process.env['BREAKFIX_E2E_MORE_SEEDS'] ?? '').split(',').filter((s) => s !== '').map(Number);
multiPassSuite([11, ...more]);
