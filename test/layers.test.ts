import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

// The import rules of src/ (.dependency-cruiser.cjs: layers point down, no
// folder cycles, src/sim and src/hostfile apart), checked on every `npm test`
// so that CI fails on a violation. `npm run lint:deps` prints the same.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as {
  forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden'];
  options: ICruiseOptions;
};

async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(['src'], {
    ...config.options,
    baseDir,
    tsConfig: { fileName: join(ROOT, 'tsconfig.json') },
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    outputType: 'json',
  });
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  return (output.summary.violations as IViolation[]).map((v) =>
    v.rule.name === 'no-folder-cycles' ? `${v.rule.name}: ${[v.from, ...(v.cycle ?? []).map((c) => c.name)].join(' → ')}` : `${v.rule.name}: ${v.from} → ${v.to}`,
  );
}

const fixtures: string[] = [];
afterAll(() => {
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
});

/** A tree of modules under DIR/src, each importing the ones listed. */
function tree(modules: Record<string, readonly string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'breakfix-layers-'));
  fixtures.push(dir);
  for (const [file, imports] of Object.entries(modules)) {
    const path = join(dir, 'src', file);
    mkdirSync(dirname(path), { recursive: true });
    const lines = imports.map((target, i) => {
      let spec = join(...Array(file.split('/').length - 1).fill('..'), target).replace(/\.ts$/, '.js');
      if (!spec.startsWith('.')) spec = `./${spec}`;
      return `import { x as x${i} } from '${spec}';\nexport const y${i} = x${i};`;
    });
    writeFileSync(path, `${lines.join('\n')}\nexport const x = 1;\n`);
  }
  return dir;
}

describe('the import rules of src/', () => {
  it('hold: no layer imports a layer above it, no folder imports one that imports it back', async () => {
    expect(await violations(ROOT)).toEqual([]);
  }, 120_000);

  it('catch an import up the layers, a folder cycle, a program imported and a folder in no layer', async () => {
    const dir = tree({
      'util/a.ts': ['ops/b.ts'],
      'ops/b.ts': [],
      'policy/p.ts': ['invariants/i.ts'],
      'invariants/i.ts': ['policy/q.ts'],
      'policy/q.ts': [],
      'pass/s.ts': ['sim/t.ts'],
      'sim/t.ts': [],
      'newfolder/n.ts': ['ops/b.ts'],
    });
    expect((await violations(dir)).sort()).toEqual(
      [
        'in-a-layer: src/newfolder/n.ts → src/ops/b.ts',
        'layer-0-util-hosts-errors-imports-up: src/util/a.ts → src/ops/b.ts',
        'no-folder-cycles: src/invariants → src/policy → src/invariants',
        'no-folder-cycles: src/policy → src/invariants → src/policy',
        'programs-apart: src/pass/s.ts → src/sim/t.ts',
      ].sort(),
    );
  }, 120_000);
});
