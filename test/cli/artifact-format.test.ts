import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleetFiles, hostName } from '../helpers/fleet.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';
import { bf, DAY, importedWorkspace, NEXT_DAY, ok } from './analyst-workspace.js';

/**
 * manifest.json and plan/<action>.json carry `"format": 1`; every reader
 * takes files without it (written before versioning) as format 1 and refuses a
 * newer one by name, exit 1, leaving it as it is.
 */

const manifestOf = (dir: string, day: string) => join(dir, 'runs', day, 'manifest.json');
const rewriteJson = (file: string, edit: (json: Record<string, unknown>) => Record<string, unknown>) =>
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>), null, 2) + '\n');

function twoDaysExported(): string {
  const dir = importedWorkspace();
  ok(dir, ['export', '-q']);
  ok(dir, ['import', '-q'], NEXT_DAY);
  ok(dir, ['export', '-q'], NEXT_DAY);
  return dir;
}

describe('manifest.json format', () => {
  it('is written as format 1', () => {
    const dir = twoDaysExported();
    const json = JSON.parse(readFileSync(manifestOf(dir, DAY), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 2)).toEqual(['format', 'day']);
    expect(json['format']).toBe(1);
  });

  it('an earlier day exported before versioning (no format) diffs exactly as a current one', () => {
    const dir = twoDaysExported();
    const before = ok(dir, ['diff', '--stat'], NEXT_DAY).stdout;
    rewriteJson(manifestOf(dir, DAY), ({ format: _, ...rest }) => rest);
    expect(ok(dir, ['diff', '--stat'], NEXT_DAY).stdout).toBe(before);
    expect(before).toMatch(/^2024-05-01 -> 2024-05-02\n/);
  });

  it('diff, views and export refuse a newer format naming the file, exit 1, and leave it untouched', () => {
    const dir = twoDaysExported();
    const file = manifestOf(dir, DAY);
    rewriteJson(file, (m) => ({ ...m, format: 2 }));
    const newer = readFileSync(file, 'utf8');
    const message = `${file}: manifest format 2 is newer than this breakfix reads (format 1): it was written by a newer breakfix; run that one`;

    const diff = bf(dir, ['diff'], NEXT_DAY);
    expect(diff.code).toBe(1);
    expect(diff.stderr).toBe(`breakfix: ${message}\n`);

    const views = bf(dir, ['views']);
    expect(views.code).toBe(1);
    expect(views.stderr).toBe(`breakfix: ${message}\n`);

    const exp = bf(dir, ['export', '-q']);
    expect(exp.code).toBe(1);
    expect(exp.stderr).toContain(message);
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });
});

describe('plan/<action>.json format', () => {
  const NOW = { BREAKFIX_NOW: '2026-11-23T12:00:00Z' };

  it('is written as format 1; the report shows an old one and names a newer one in its place', () => {
    const dir = makeWorkspace(fleetFiles({ clusters: { dwh: 40 }, broken: [hostName('dwh', 1), hostName('dwh', 2)], run: ['true', '{host}'] }));
    expect(runCli(dir, ['import', '-q'], { env: NOW }).code).toBe(0);
    expect(runCli(dir, ['plan'], { env: NOW }).code).toBe(0);
    const file = join(dir, 'runs', '2026-11-23', 'plan', 'fix.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 2)).toEqual(['format', 'action']);
    expect(json['format']).toBe(1);

    rewriteJson(file, ({ format: _, ...rest }) => rest);
    const old = runCli(dir, ['report', '-o', join(dir, 'old.html')], { env: NOW });
    expect(old.code, old.stderr).toBe(0);
    const oldPage = readFileSync(join(dir, 'old.html'), 'utf8');
    expect(oldPage).toContain('candidates from <code>fix-candidates</code>');
    expect(oldPage).not.toContain('plan/fix.json: ');

    rewriteJson(file, (m) => ({ format: 3, ...m }));
    const newer = runCli(dir, ['report', '-o', join(dir, 'newer.html')], { env: NOW });
    expect(newer.code, newer.stderr).toBe(0);
    const page = readFileSync(join(dir, 'newer.html'), 'utf8');
    expect(page).toContain('runs/2026-11-23/plan/fix.json: plan explanation format 3 is newer than this breakfix reads (format 1): it was written by a newer breakfix; run that one');
    expect(page).not.toContain('candidates from <code>fix-candidates</code>');
  });
});
