import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { anchorsOf, danglingRefs, findRefs, scannedFiles, slug } from './md-refs.js';

/**
 * Every .md file, heading and test path the repository names exists: source
 * comments point at docs/design.md and docs/formats.md sections, the README's
 * guarantees name the tests that prove them, and a moved test or renamed
 * heading must take its references along.
 */

function repo(files: Record<string, string>): string {
  const dir = tempDir('bf-mdrefs-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const show = (dir: string) => danglingRefs(dir).map((d) => `${d.at}: ${d.ref}: ${d.problem}`);

describe('the repository', () => {
  it('names no .md file, heading or test that does not exist', () => {
    const files = scannedFiles(ROOT);
    // The scan reaches what it must: sources, tests, the docs and the README.
    for (const f of ['README.md', 'docs/design.md', 'docs/formats.md', 'src/policy/spread.ts', 'test/docs/md-refs.ts', 'hadoop/README.md', 'test/corpus/workspace/breakfix.yaml']) {
      expect(files).toContain(f);
    }
    // This file's made-up references are not the repository's; fixtures are data.
    expect(files).not.toContain('test/docs/md-links.test.ts');
    expect(files.some((f) => f.startsWith('test/fixtures/') || f.startsWith('node_modules/') || f.startsWith('dist/'))).toBe(false);
    expect(show(ROOT)).toEqual([]);
  });
});

describe('the scanner', () => {
  it('finds a bare name that resolves nowhere, with file and line', () => {
    const dir = repo({
      'README.md': '# Top\n',
      'docs/design.md': '# Design\n## Policy math\n',
      'src/a.ts': '// fine: README.md, docs/design.md#policy-math, design.md\n// see DESIGN.md "Policy"\n',
    });
    expect(show(dir)).toEqual(['src/a.ts:2: DESIGN.md: no such file in the repository root, docs/ or beside it']);
  });

  it('checks the anchor after a bare name against the headings', () => {
    const dir = repo({ 'docs/formats.md': '# Formats\n## NameNode JMX\n', 'src/b.ts': '/* docs/formats.md#namenode-jmx and docs/formats.md#yarn */\n' });
    expect(show(dir)).toEqual(['src/b.ts:1: docs/formats.md#yarn: no heading #yarn in docs/formats.md']);
  });

  it('resolves markdown links relative to the document, anchors included, and skips URLs', () => {
    const dir = repo({
      'README.md': '# Top\n## The demo\nsee [demo](#the-demo), [x](#nope), [d](docs/d.md#b), [web](https://example.com/X.md)\n',
      'docs/d.md': '# D\n## B\n[up](../README.md#top) [bad](README.md)\n',
    });
    expect(show(dir)).toEqual([
      'README.md:3: #nope: no heading #nope in README.md',
      'docs/d.md:3: README.md: no such file relative to docs/',
    ]);
  });

  it('checks test and source paths a document cites, wildcards included', () => {
    const dir = repo({
      'README.md': '# R\n(`test/a/x.test.ts`, `test/a/*-y.test.ts`, `test/gone.test.ts`, `src/`, `runs/DAY/x`)\n',
      'test/a/x.test.ts': '',
      'test/a/1-y.test.ts': '',
      'src/m.ts': '',
    });
    expect(show(dir)).toEqual(['README.md:2: test/gone.test.ts: no such file or directory in the repository']);
  });

  it('reads headings the way GitHub anchors them', () => {
    expect(slug('Bad input (`test/corpus/`)')).toBe('bad-input-testcorpus');
    expect(slug('plan/<action>.json')).toBe('planactionjson');
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n### B c\n')]).toEqual(['a', 'a-1', 'b-c']);
  });

  it('reads references only where they are', () => {
    expect(findRefs('see https://github.com/x/y/blob/main/README.md and X.md', false).map((r) => r.ref)).toEqual(['X.md']);
    // In a source file only bare names count: a link's target is one, a backticked path is not checked.
    expect(findRefs('`test/a.ts` [l](b.md)', false).map((r) => `${r.kind} ${r.ref}`)).toEqual(['bare b.md']);
    expect(findRefs('`test/a.ts` [l](b.md)', true).map((r) => `${r.kind} ${r.ref}`)).toEqual(['link b.md', 'path test/a.ts']);
  });
});
