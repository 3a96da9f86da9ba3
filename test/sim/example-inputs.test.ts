import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFleet, DEFAULT_START } from '../../src/sim/fleet.js';
import { renderInputs } from '../../src/sim/render-inputs.js';

const INPUTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'hadoop-fleet', 'inputs');

describe('the committed example inputs', () => {
  it('are exactly what "sim init --seed 1 --hosts 3000" renders (re-create them with that command if this fails)', () => {
    const fresh = renderInputs(createFleet({ seed: 1, hosts: 3000, start: DEFAULT_START }));
    expect(readdirSync(INPUTS).sort()).toEqual([...fresh.keys()]);
    for (const [name, content] of fresh) expect(readFileSync(join(INPUTS, name), 'utf8') === content, name).toBe(true);
  });
});
