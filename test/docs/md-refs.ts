import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

/**
 * Finds the references the repository makes to its own documents and test
 * files, and which of them point nowhere. Three kinds:
 *
 *  - a bare .md name in any source file or document (`README.md`,
 *    `docs/design.md#policy-math`, `hadoop/README.md`): it must name a file
 *    relative to the repository root, to docs/, or to the file that mentions
 *    it; an `#anchor` after it must be a heading of that file;
 *  - a markdown link in a document (`[the demo](#the-demo)`,
 *    `[x](hadoop/README.md#logs)`): relative to the document, as GitHub
 *    resolves it, anchor included; links with a scheme (https:, mailto:) are
 *    not ours to check;
 *  - a repository path a document cites in backticks (`test/cli/lock.test.ts`,
 *    `test/reliability/crash-injection-*.test.ts`, `src/sim/`): it must exist
 *    (a `*` must match at least one file), so the guarantees' "the test that
 *    proves it" never names a test that was moved or deleted.
 */

export interface Dangling {
  /** `file:line`, the file relative to the repository root. */
  readonly at: string;
  readonly ref: string;
  readonly problem: string;
}

/** Where a bare name, link or cited path occurs. */
interface Ref {
  readonly line: number;
  readonly ref: string;
  readonly kind: 'bare' | 'link' | 'path';
}

/** Top-level folders whose files are scanned, and the folders within them that are not ours (data, generated, vendored). */
export const SCANNED_DIRS = ['src', 'test', 'bench', 'scripts', 'examples', 'hadoop', 'docs', 'queries', 'migrations'] as const;
/** The scanner's own tests: their strings are made-up references, there to be found dangling. */
const SKIPPED_FILES = new Set(['test/docs/md-links.test.ts']);
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'target', '.git', 'test/fixtures', 'bench/out', 'examples/real-hadoop/runs', 'examples/real-hadoop/hadoop-conf']);
const SOURCE_FILE = /\.(?:ts|mts|cts|js|mjs|cjs|java|sql|ya?ml|sh|py|xml|md|properties)$/;
/** The repository paths a document may cite in backticks. */
const CITED_PATH = /^(?:src|test|bench|scripts|examples|hadoop|docs|queries|migrations)\//;

/** Every file the check reads, relative to `root`, bytewise sorted: the scanned folders' source files, and the top-level .md and .ts files. */
export function scannedFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !SKIPPED_DIRS.has(child)) walk(child);
      } else if (e.isFile() && SOURCE_FILE.test(e.name) && !SKIPPED_FILES.has(child)) out.push(child);
    }
  };
  for (const d of SCANNED_DIRS) if (existsSync(join(root, d))) walk(d);
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (e.isFile() && /\.(?:md|ts)$/.test(e.name)) out.push(e.name);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// A URL is consumed whole so that the .md name at its end is not read as ours.
const BARE = /[a-z][a-z0-9+.-]*:\/\/[^\s)'"`>\]]+|(?<![\w./-])((?:\.\.?\/)?[\w][\w./-]*\.md(?:#[\w-]+)?)(?![\w])/gi;
const LINK = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const BACKTICKED = /`([^`\n]+)`/g;

/** The references in one file's text. Markdown links and cited paths are looked for in .md files only. */
export function findRefs(text: string, isMarkdown: boolean): Ref[] {
  const refs: Ref[] = [];
  text.split('\n').forEach((lineText, i) => {
    const line = i + 1;
    let rest = lineText;
    if (isMarkdown) {
      for (const m of lineText.matchAll(LINK)) {
        const target = m[1]!;
        if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) refs.push({ line, ref: target, kind: 'link' });
      }
      rest = lineText.replace(LINK, ' ');
      for (const m of rest.matchAll(BACKTICKED)) {
        const body = m[1]!.trim();
        if (CITED_PATH.test(body) && /^[\w./*-]+$/.test(body) && !body.endsWith('.md')) refs.push({ line, ref: body, kind: 'path' });
      }
    }
    for (const m of rest.matchAll(BARE)) if (m[1] !== undefined) refs.push({ line, ref: m[1], kind: 'bare' });
  });
  return refs;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a markdown text's headings, repeated ones numbered as GitHub does (`x`, `x-1`). */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every dangling reference in the repository at `root`. */
export function danglingRefs(root: string, files: readonly string[] = scannedFiles(root)): Dangling[] {
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (abs: string) => {
    let a = anchorCache.get(abs);
    if (a === undefined) anchorCache.set(abs, (a = anchorsOf(readFileSync(abs, 'utf8'))));
    return a;
  };
  const out: Dangling[] = [];
  for (const file of files) {
    const abs = join(root, file);
    const isMarkdown = file.endsWith('.md');
    for (const r of findRefs(readFileSync(abs, 'utf8'), isMarkdown)) {
      const at = `${file}:${r.line}`;
      if (r.kind === 'path') {
        if (!pathExists(root, r.ref)) out.push({ at, ref: r.ref, problem: 'no such file or directory in the repository' });
        continue;
      }
      const hash = r.ref.indexOf('#');
      const path = hash < 0 ? r.ref : r.ref.slice(0, hash);
      const anchor = hash < 0 ? null : r.ref.slice(hash + 1);
      let target: string | undefined;
      if (path === '') target = abs; // a link to a heading of the same document
      else {
        const bases = r.kind === 'link' ? [dirname(abs)] : [root, join(root, 'docs'), dirname(abs)];
        target = bases.map((b) => join(b, decodeURIComponent(path))).find((p) => existsSync(p));
      }
      if (target === undefined) {
        out.push({ at, ref: r.ref, problem: r.kind === 'link' ? `no such file relative to ${posix.dirname(file)}/` : 'no such file in the repository root, docs/ or beside it' });
      } else if (anchor !== null && anchor !== '' && target.endsWith('.md') && statSync(target).isFile() && !anchors(target).has(anchor)) {
        out.push({ at, ref: r.ref, problem: `no heading #${anchor} in ${relative(root, target).split(sep).join('/')}` });
      }
    }
  }
  return out;
}

/** Does a cited repository path (with `*` wildcards in its last part) exist? */
function pathExists(root: string, cited: string): boolean {
  const clean = cited.replace(/\/$/, '');
  if (!clean.includes('*')) return existsSync(join(root, clean));
  const dir = posix.dirname(clean);
  if (dir.includes('*') || !existsSync(join(root, dir))) return false;
  const re = new RegExp(`^${posix.basename(clean).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return readdirSync(join(root, dir)).some((n) => re.test(n));
}
