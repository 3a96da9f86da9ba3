import { multiPassSuite } from './multi-pass.js';

// 100 passes of the example fleet against the simulator, another seed (see multi-pass.ts).
multiPassSuite([13]);
