import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CSS, SCRIPT } from '../../src/report/assets.js';
import { passStory } from '../../src/report/narrative.js';
import { contentSecurityPolicy, freshness, prose, renderReport } from '../../src/report/render.js';
import { EVIL, reportData } from './report-data.js';

function page(): string {
  const data = reportData();
  const stories = data.passes.map((p) => passStory({ pass: p, timezone: 'UTC', plans: [] }));
  return renderReport({ data, stories, charts: { viewsToday: null, viewsDays: null, budget: null, viewsOmitted: [EVIL], budgetOmitted: [] }, version: '0.1.0' });
}

describe('renderReport', () => {
  it('renders every hostile input value as text: no tag, attribute or script of its own', () => {
    const html = page();
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    // The only script elements are the page's two: its JSON data block and its own script.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('embeds data for the script as JSON whose < are escaped, which reads back as the values', () => {
    const html = page();
    const m = /<script type="application\/json" id="diff-index">(.*?)<\/script>/s.exec(html);
    expect(m).not.toBeNull();
    expect(m![1]).not.toContain('<');
    expect(JSON.parse(m![1]!)).toEqual({ [EVIL]: { removed: [], added: [EVIL] } });
  });

  it('forbids every load with a Content-Security-Policy naming the hashes of its own style and script', () => {
    const html = page();
    const sha = (t: string) => createHash('sha256').update(t).digest('base64');
    const csp = contentSecurityPolicy();
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${sha(CSS)}'; script-src 'sha256-${sha(SCRIPT)}'; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp.replaceAll("'", '&#39;')}">`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(html).toContain(`<style>${CSS}</style>`);
    expect(html).toContain(`<script>${SCRIPT}</script>`);
    // No tag has an inline handler, a style attribute (the policy would refuse both anyway) or a source to load.
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    // (Attribute values are blanked first: escaped, they hold no quote, and text in them is not an attribute.)
    for (const tag of tags) expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\s(on[a-z]+|style|src|srcset|background)=/i);
  });

  it('links to files by relative, percent-encoded paths', () => {
    const html = page();
    // (The value's own "/" separate path segments: it is a path.)
    expect(html).toContain('href="../2026-11-23/%3Cimg%20src%3Dx%20onerror%3D%22alert(1)%22%3E&#39;%3C/script%3E%3Cscript%3Ealert(2)%3C/script%3E"');
    expect(html).toContain('href="plan/fix"');
    expect(html).not.toMatch(/href="(?!#|\.\.\/|plan\/|transcript\.log|%3C)/);
  });

  it('writes the story key where a pass looks for it', () => {
    expect(page()).toContain(`<meta name="breakfix-report-key" content="${'a'.repeat(64)}">`);
  });

  it('highlights unknown outcomes and a failed input', () => {
    const html = page();
    expect(html).toContain('1 unknown outcome:</strong>');
    expect(html).toMatch(/<tr class="hl-unknown"><td class="num">1<\/td>/);
    expect(html).toContain('<span class="badge v-failed">failed</span>');
  });
});

describe('prose', () => {
  it('sets backquoted parts as code and escapes all of it', () => {
    expect(prose('run `a <b>` now').text).toBe('run <code>a &lt;b&gt;</code> now');
    expect(prose('odd ` count <x>').text).toBe('odd ` count &lt;x&gt;');
  });
});

describe('freshness', () => {
  const src = { name: 'metrics', kind: 'metrics', maxAge: 3600 };
  const imp = { source: 'metrics', kind: 'metrics', status: 'ok' as const, pass: 1, rows: 1, unmatched: 0, dataTime: 1000, finishedMs: null, error: null, location: 'x' };
  it('judges the age of the data as inputs-fresh does', () => {
    expect(freshness(src, imp, 1000 + 3600)).toEqual({ verdict: 'fresh', why: null });
    expect(freshness(src, imp, 1000 + 3601)).toEqual({ verdict: 'stale', why: 'metrics is 1h1s old (max_age 1h)' });
    expect(freshness({ ...src, maxAge: null }, imp, 10_000_000)).toEqual({ verdict: 'no limit', why: null });
    expect(freshness(src, { ...imp, status: 'failed', error: 'boom' }, 1000)).toEqual({ verdict: 'failed', why: 'boom' });
    expect(freshness(src, undefined, 1000).verdict).toBe('never');
  });
});
