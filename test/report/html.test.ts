import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, join, jsonForScript, jsonScript, relativeUrl, trusted } from '../../src/report/html.js';

/** What a browser's parser makes of escaped text: the entities back to characters. */
function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

describe('html', () => {
  it('escapes every interpolated value, and only those', () => {
    const host = '<img src=x onerror=alert(1)>';
    expect(html`<td class="h">${host}</td>`.text).toBe('<td class="h">&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html`<a title="${'" onmouseover="x'}">`.text).toBe('<a title="&quot; onmouseover=&quot;x">');
    expect(html`${"it's"}`.text).toBe('it&#39;s');
  });

  it('does not escape markup twice, and renders nullish, booleans and arrays', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}</p>`.text).toBe('<p><b>a&amp;b</b></p>');
    expect(html`${null}${undefined}${false}${true}${0}`.text).toBe('0');
    expect(html`<ul>${['<a>', html`<li>x</li>`]}</ul>`.text).toBe('<ul>&lt;a&gt;<li>x</li></ul>');
    expect(join(['a', 'b<'], html`<br>`).text).toBe('a<br>b&lt;');
    expect(trusted('<svg/>').text).toBe('<svg/>');
  });

  it('escaped text holds no markup character and reads back as the value (any string)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = html`<td>${s}</td>`.text;
        const body = out.slice('<td>'.length, -'</td>'.length);
        expect(body).not.toMatch(/[<>"']/);
        expect(unescape(body)).toBe(s);
        expect(escapeHtml(s)).toBe(body);
      }),
    );
  });
});

describe('jsonForScript', () => {
  it('cannot end its script element, and parses back to the same value', () => {
    const value = { host: '</script><script>alert(1)</script>', c: '<!-- x -->', amp: 'a&b', ls: '\u2028\u2029' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
    const block = jsonScript('data', value).text;
    expect(block.startsWith('<script type="application/json" id="data">')).toBe(true);
    expect(block.match(/<\/script/gi)).toHaveLength(1); // only its own end tag
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = jsonForScript(v);
        expect(text).not.toMatch(/</);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe('relativeUrl', () => {
  it('percent-encodes each segment so a file name is never a scheme, query or fragment', () => {
    expect(relativeUrl('../2026-11-23/drain-candidates')).toBe('../2026-11-23/drain-candidates');
    expect(relativeUrl('javascript:alert(1)')).toBe('javascript%3Aalert(1)');
    expect(relativeUrl('a b/c?d#e')).toBe('a%20b/c%3Fd%23e');
    expect(relativeUrl('"><x')).toBe('%22%3E%3Cx');
  });
});
