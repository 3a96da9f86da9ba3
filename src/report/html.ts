/**
 * Building HTML that cannot be injected into. Every value interpolated into
 * an `html` template is escaped unless it is itself the result of `html` (or
 * `trusted`): a hostname, an inventory field, a reason or a command's output
 * always lands as text, whatever characters it holds. The report is made of
 * nothing else, so escaping is not something a section can forget.
 */

/** A piece of markup that is already safe to place in a page. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may be interpolated: markup, or a value to escape. Nullish and booleans render as nothing; arrays concatenate. */
export type Part = Html | string | number | bigint | null | undefined | boolean | readonly Part[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(part: Part): string {
  if (part === null || part === undefined || typeof part === 'boolean') return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** The tagged template: `html\`<td>${hostname}</td>\`` escapes the hostname. */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/**
 * Markup produced by code rather than data: the page's own CSS and script,
 * and the SVG the charting library renders (which escapes the text it draws).
 */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** Join parts with a separator (itself escaped unless markup). */
export function join(parts: readonly Part[], separator: Part = ''): Html {
  return new Html(parts.map(render).join(render(separator)));
}

/**
 * JSON for a `<script type="application/json">` block. Inside a script
 * element the HTML parser ends the block at the first `</script` whatever the
 * JSON means, and `<!--` changes how it scans; escaping every `<` (and `>`,
 * `&` for good measure) as a JSON unicode escape keeps the text inert while
 * JSON.parse reads back the same value. U+2028 and U+2029 are escaped too,
 * for readers that treat the block as JavaScript.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The `<script type="application/json" id="...">` block holding `value` for the page's script. */
export function jsonScript(id: string, value: unknown): Html {
  return html`<script type="application/json" id="${id}">${trusted(jsonForScript(value))}</script>`;
}

/**
 * A relative URL for a file path (already relative, with `/` separators):
 * every segment percent-encoded, so a name like `a?b#c` or `javascript:x`
 * stays a path (`:` is encoded, so no segment can be read as a scheme).
 */
export function relativeUrl(path: string): string {
  return path
    .split('/')
    .map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s)))
    .join('/');
}
