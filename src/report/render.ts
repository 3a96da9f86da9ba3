import { createHash } from 'node:crypto';
import type { JournalEntry } from '../act/journal.js';
import { checkInputsFresh } from '../invariants/inputs-fresh.js';
import { formatDuration } from '../config/duration.js';
import { decodeLine } from '../util/text-table.js';
import type { PassSummary } from '../pass/summary.js';
import { compareBytewise } from '../util/bytewise.js';
import type { ClusterPlan } from '../policy/plan-action.js';
import { CSS, SCRIPT } from './assets.js';
import { html, join, jsonScript, relativeUrl, trusted, type Html, type Part } from './html.js';
import type { DiffView, ImportRecord, PassRecord, PlanFileInfo, ReportData, SourceInfo } from './model.js';
import type { PlanExplanation } from '../pass/plan-step.js';
import { REPORT_KEY_META } from './key.js';
import { passLabel, type PassStory } from './narrative.js';
import { localDateTime, localTime } from './time.js';

/**
 * The page: pure, from the gathered data, the pass stories and the charts'
 * SVG. Every value from an input goes through `html` (escaped); the only
 * markup taken as is is this module's own, the CSS and script constants, and
 * the charts' SVG.
 */

export interface RenderInput {
  readonly data: ReportData;
  readonly stories: readonly PassStory[];
  readonly charts: {
    readonly viewsToday: string | null;
    readonly viewsDays: string | null;
    readonly budget: string | null;
    /** Views and action · cluster panels not drawn (too many to draw). */
    readonly viewsOmitted: readonly string[];
    readonly budgetOmitted: readonly string[];
  };
  readonly version: string;
  /** How many names of a long host list are printed before the rest is counted. */
  readonly listMax?: number;
  readonly journalMax?: number;
}


const sha256b64 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/** The policy: nothing may load, connect or navigate a form; only this page's own style and script apply. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${sha256b64(CSS)}'`,
    `script-src 'sha256-${sha256b64(SCRIPT)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderReport(input: RenderInput): string {
  const d = input.data;
  const listMax = input.listMax ?? 40;
  const last = d.passes[d.passes.length - 1];
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="breakfix ${input.version}">
${d.key === null ? '' : html`<meta name="${REPORT_KEY_META}" content="${d.key}">\n`}<title>breakfix report ${d.day}</title>
<style>${trusted(CSS)}</style>
</head>
<body>
<header>
<h1>breakfix report: ${d.day}</h1>
<p class="muted">workspace <code>${d.workspace}</code> · ${d.passes.length} pass${d.passes.length === 1 ? '' : 'es'}${last ? html` · built after pass ${last.id} (${localTime(last.startedMs, d.timezone)})` : ''} · made ${localDateTime(Date.parse(d.generatedAt), d.timezone)} ${d.timezone}</p>
<nav><a href="#glance">At a glance</a><a href="#story">The passes' story</a><a href="#charts">Charts</a><a href="#diff">Changes since the day before</a><a href="#plans">Plans</a><a href="#journal">Journal</a><a href="#inputs">Inputs</a><a href="#pause">Pause</a><a href="#glossary">Glossary</a></nav>
</header>
${pauseBanner(d)}
${glance(d)}
${story(input.stories)}
${charts(d, input.charts)}
${diffSection(d, listMax)}
${plansSection(d, listMax)}
${journalSection(d, input.journalMax ?? 500)}
${inputsSection(d)}
${pauseSection(d)}
${glossary()}
<footer>Made by breakfix ${input.version} (<code>breakfix report</code>, or by a pass). A pass writes runs/DAY/report.html after it finishes unless it changed nothing since the pass the page was built after (same inputs, views, plans, journal and pause): then the page stays as it was; <code>breakfix report</code> rebuilds it. The full record is in <a href="${relativeUrl(d.links.transcript)}">the transcript</a>.</footer>
${jsonScript('diff-index', diffIndex(d))}
<script>${trusted(SCRIPT)}</script>
</body>
</html>
`;
  return page.text;
}

function badge(cls: string, text: Part): Html {
  return html`<span class="badge ${cls}">${text}</span>`;
}

const labelClass = (label: string) => `s-${label.replace(/ /g, '-')}`;

function pauseBanner(d: ReportData): Html {
  if (d.pauseNow === null) return html``;
  return html`<div class="banner paused"><strong>Acting is paused</strong> by ${d.pauseNow.by} since ${d.pauseNow.at}: ${d.pauseNow.reason}. Passes still import, export and plan; nothing runs until <code>breakfix resume</code>.</div>`;
}

// ── at a glance ────────────────────────────────────────────────────────────

function glance(d: ReportData): Html {
  if (d.passes.length === 0) return html`<section id="glance"><h2>At a glance</h2><p>No pass ran on ${d.day} (only imports, or nothing yet).</p></section>`;
  const rows = d.passes.map((p) => {
    const label = passLabel(p);
    const s = p.summary;
    const cells = d.actions.map((a) => html`<td>${actionCell(s, a)}</td>`);
    const why = s === null ? '' : [...new Set([...s.actions.flatMap((a) => a.refused), ...s.errors])].join('; ');
    return html`<tr><td class="num"><a href="#pass-${p.id}">${p.id}</a></td><td class="mono">${localTime(p.startedMs, d.timezone)}</td><td>${p.execute ? 'execute' : 'dry run'}</td><td>${badge(labelClass(label), label)}${why ? html`<div class="muted">${why}</div>` : ''}${p.paused ? html`<div class="muted">paused: ${p.paused.reason}</div>` : ''}</td>${cells}<td class="num">${p.exitCode ?? '-'}</td></tr>`;
  });
  return html`<section id="glance"><h2>At a glance</h2>
<p class="muted">Each pass of the day: what each action planned and what ran. "Planned" hosts are run only by a pass with --execute that is not paused.</p>
<table><thead><tr><th class="num">pass</th><th>started</th><th>mode</th><th>status</th>${d.actions.map((a) => html`<th>${a}</th>`)}<th class="num">exit</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function actionCell(s: PassSummary | null, action: string): Html {
  const a = s?.actions.find((x) => x.action === action);
  if (a === undefined) return html`<span class="muted">-</span>`;
  const planned = a.clusters.reduce((n, c) => n + c.planned, 0);
  const executed = a.clusters.reduce((n, c) => n + c.executed, 0);
  const failed = a.clusters.reduce((n, c) => n + c.failed, 0);
  if (a.refused.length > 0 && planned === 0) return badge('s-refused', 'refused');
  if (planned === 0) return html`<span class="muted">0</span>`;
  const where = a.clusters.filter((c) => c.planned > 0).map((c) => `${c.cluster} ${c.planned}`).join(', ');
  const ran =
    a.acted === 'executed' ? html` · <strong>${executed} done</strong>${failed > 0 ? html` · ${badge('s-failed', `${failed} failed`)}` : ''}` : a.acted === 'paused' ? html` · held (paused)` : a.acted === 'dry-run' ? html` · dry run` : html` · not reached`;
  return html`${planned} planned${ran}<div class="muted">${where}</div>`;
}

// ── story ──────────────────────────────────────────────────────────────────

function story(stories: readonly PassStory[]): Html {
  const body = stories.map((s) => {
    return html`<article class="story l-${s.label.replace(/ /g, '-')}" id="pass-${s.pass}"><h3>${s.title}</h3>
${s.blocks.map((b) => html`<h4>${b.heading}</h4><ul>${b.lines.map((l) => (l.startsWith('  ') ? html`<li class="sub">${prose(l.trim())}</li>` : html`<li>${prose(l)}</li>`))}</ul>`)}
<p class="verdict">${prose(s.verdict)}</p></article>`;
  });
  return html`<section id="story"><h2>The passes' story</h2>
<p class="muted">What each pass saw, what it decided and why, and what it did, from its stored summary, the transcript and (for the latest pass) the plan files. The glossary at the end says what budget, out and headroom mean.</p>
${stories.length === 0 ? html`<p>No pass to tell about yet.</p>` : body}</section>`;
}

/** A sentence whose `backquoted` parts (commands) are set as code; all of it escaped. */
export function prose(text: string): Html {
  const parts = text.split('`');
  // An odd count of backquotes leaves the last one as text.
  if (parts.length % 2 === 0) return html`${text}`;
  return join(parts.map((p, i) => (i % 2 === 1 ? html`<code>${p}</code>` : p)));
}

// ── charts ─────────────────────────────────────────────────────────────────

function figure(id: string, caption: Part, svg: string | null, empty: string): Html {
  return html`<figure id="${id}"><figcaption>${caption}</figcaption>${svg === null ? html`<p class="muted">${empty}</p>` : trusted(svg)}</figure>`;
}

function charts(d: ReportData, c: RenderInput['charts']): Html {
  const flagged = d.trends.filter((t) => t.growing || t.stuck);
  return html`<section id="charts"><h2>Charts</h2>
${figure('chart-views-today', html`Each view's size at each pass of ${d.day}. Red points: a view that grew at each of the last ${d.trendRuns} passes; orange: the same non-empty members for ${d.trendRuns} passes (what <code>breakfix trend</code> flags).`, c.viewsToday, 'No pass exported views on this day.')}
${flagged.length > 0 ? html`<p><strong>Flagged:</strong> ${join(flagged.map((t) => html`<code>${t.view}</code> ${t.growing ? `grew ${d.trendRuns} passes running` : `same ${t.last} members for ${d.trendRuns} passes`}`), '; ')}.</p>` : ''}
${figure('chart-views-days', html`Each view's size at every pass of the last ${d.trendDays.length} day${d.trendDays.length === 1 ? '' : 's'} (${d.trendDays[0] ?? d.day} to ${d.trendDays[d.trendDays.length - 1] ?? d.day}, UTC): a step line, as a size holds until the next pass; points mark the passes a drift flag is about.`, c.viewsDays, 'No pass history in these days.')}
${c.viewsOmitted.length > 0 ? html`<p class="muted">${c.viewsOmitted.length} more views are not drawn (flagged views and those that moved most come first): ${c.viewsOmitted.join(', ')}. <code>breakfix trend</code> shows every one.</p>` : ''}
${figure('chart-budget', html`Per action and cluster at each pass of ${d.day}: the budget (dashed, the most that may be out at once), the hosts out, and the headroom left for the pass.`, c.budget, 'No action was planned on this day.')}
${c.budgetOmitted.length > 0 ? html`<p class="muted">${c.budgetOmitted.length} more action · cluster panels are not drawn (those closest to their budget come first): ${c.budgetOmitted.join(', ')}. The Plans section has every cluster's numbers for the latest pass.</p>` : ''}
</section>`;
}

// ── diff ───────────────────────────────────────────────────────────────────

function diffSection(d: ReportData, listMax: number): Html {
  const diff = d.diff;
  if (diff.kind === 'none') return html`<section id="diff"><h2>Changes since the day before</h2><p>${diff.why}.</p></section>`;
  const changed = diff.views.filter((v) => v.stat.status !== 'unchanged');
  const stat = diff.views.map(
    (v) =>
      html`<tr><td>${changed.includes(v) && v.stat.status === 'changed' ? html`<a href="#diff-${encodeURIComponent(v.stat.view)}">${v.stat.view}</a>` : v.stat.view}</td><td class="num">${fileLink(v.fromHref, v.stat.from_rows)}</td><td class="num">${fileLink(v.toHref, v.stat.to_rows)}</td><td class="num">${v.stat.removed ?? '-'}</td><td class="num">${v.stat.added ?? '-'}</td><td>${diffNote(v, diff.from, diff.to)}</td></tr>`,
  );
  return html`<section id="diff"><h2>Changes since ${diff.from}</h2>
<p class="muted">Rows removed and added in each view's exported file between ${diff.from} and ${diff.to} (what <code>breakfix diff --from ${diff.from} --to ${diff.to}</code> prints). ${changed.length} of ${diff.views.length} views differ. Each count links to its file.</p>
${diff.warnings.map((w) => html`<p class="banner bad">${w}</p>`)}
<table><thead><tr><th>view</th><th class="num">${diff.from}</th><th class="num">${diff.to}</th><th class="num">removed</th><th class="num">added</th><th>note</th></tr></thead><tbody>${stat}</tbody></table>
<div class="search" hidden><label>Find a host or value in the changes: <input type="search" id="diff-search" placeholder="e.g. dn0046 or a rack" autocomplete="off"></label> <span id="diff-search-status" class="muted"></span></div>
${changed.filter((v) => v.stat.status === 'changed').map((v) => diffView(v, diff.from, diff.to, listMax))}
</section>`;
}

/** A row count linking to the exported file it counts. */
function fileLink(href: string | null, rows: number | null): Html {
  return href === null || rows === null ? html`-` : html`<a href="${relativeUrl(href)}">${rows}</a>`;
}

function diffNote(v: DiffView, from: string, to: string): string {
  if (v.stat.status === 'only-from') return `only on ${from}: not exported on ${to}`;
  if (v.stat.status === 'only-to') return `new on ${to}: not exported on ${from}`;
  return [v.stat.sql_changed ? 'view definition changed' : '', v.stat.columns_changed ? 'columns changed' : ''].filter(Boolean).join('; ');
}

function diffView(v: DiffView, from: string, to: string, _listMax: number): Html {
  const removed = v.stat.removed ?? 0;
  const added = v.stat.added ?? 0;
  const cols = v.columns.length > 0 ? v.columns : ['row'];
  const row = (sign: '-' | '+', line: string) => {
    const fields = decodeLine(line);
    return html`<tr data-row class="${sign === '-' ? 'del' : 'add'}"><td class="sign">${sign === '-' ? '\u2212' : '+'}</td>${fields.map((f) => html`<td class="mono">${f ?? '-'}</td>`)}</tr>`;
  };
  const hiddenRemoved = removed - v.removed.length;
  const hiddenAdded = added - v.added.length;
  const files = html`<a href="${relativeUrl(v.fromHref ?? '')}">${from}</a> and <a href="${relativeUrl(v.toHref ?? '')}">${to}</a>`;
  return html`<div class="diffview" id="diff-${encodeURIComponent(v.stat.view)}" data-view="${v.stat.view}"><h3>${v.stat.view}: ${removed} removed, ${added} added <span class="match-count muted"></span></h3>
${v.stat.sql_changed ? html`<p class="muted">The view's SQL changed between the days: a difference may be the new definition, not the fleet.</p>` : ''}
<div class="scroll"><table><thead><tr><th></th>${cols.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${v.removed.map((l) => row('-', l))}${v.added.map((l) => row('+', l))}</tbody></table></div>
${hiddenRemoved + hiddenAdded > 0 ? html`<p class="muted">Showing the first ${v.removed.length} removed and ${v.added.length} added rows; ${hiddenRemoved} more removed and ${hiddenAdded} more added are not shown${v.moreRemoved.length + v.moreAdded.length > 0 ? ` (the search box finds ${v.moreRemoved.length + v.moreAdded.length} more by hostname)` : ''}. The files: ${files} (<code>comm -3</code> lists every one).</p>` : html`<p class="muted">The files: ${files}.</p>`}
<ul class="hosts more-matches" hidden></ul></div>`;
}

/** The search box's hostnames beyond the rows shown, per view. */
function diffIndex(d: ReportData): Record<string, { removed: readonly string[]; added: readonly string[] }> {
  if (d.diff.kind === 'none') return {};
  const out: Record<string, { removed: readonly string[]; added: readonly string[] }> = {};
  for (const v of d.diff.views) if (v.moreRemoved.length + v.moreAdded.length > 0) out[v.stat.view] = { removed: v.moreRemoved, added: v.moreAdded };
  return out;
}

// ── plans ──────────────────────────────────────────────────────────────────

function plansSection(d: ReportData, listMax: number): Html {
  const last = d.passes[d.passes.length - 1];
  return html`<section id="plans"><h2>Plans</h2>
<p class="muted">The plans on disk (<code>plan/ACTION</code>, the hosts; <code>plan/ACTION.json</code>, how they were derived). Each pass rewrites them, so these are the latest pass's.</p>
${d.plans.map((p) => planBlock(d, p, last, listMax))}</section>`;
}

function hostList(items: readonly Part[], total: number, listMax: number, more: Part): Html {
  if (total === 0) return html``;
  return html`<ul class="hosts">${items.slice(0, listMax).map((i) => html`<li>${i}</li>`)}</ul>${total > Math.min(items.length, listMax) ? html`<p class="muted">and ${total - Math.min(items.length, listMax)} more: ${more}</p>` : ''}`;
}

function planBlock(d: ReportData, p: PlanFileInfo, last: PassRecord | undefined, listMax: number): Html {
  const hostsHref = relativeUrl(d.links.planHosts[p.action] ?? '');
  const jsonHref = relativeUrl(d.links.planJson[p.action] ?? '');
  if (p.error !== null) return html`<h3>${p.action}</h3><p class="banner bad">The plan explanation could not be read: ${p.error}</p>`;
  if (p.plan === null) return html`<h3>${p.action}</h3><p>No plan file: the action was never planned on ${d.day}, or its plan was deleted (then a pass acts on nothing for it).</p>`;
  const plan = p.plan;
  const picked = plan.clusters.reduce((n, c) => n + c.picked.length, 0);
  const whose =
    plan.pass === null ? 'written by breakfix plan' : last !== undefined && plan.pass !== last.id ? `written by pass ${plan.pass} (not the latest pass, ${last.id})` : `written by pass ${plan.pass}`;
  const rows = plan.clusters.map(
    (c) =>
      html`<tr><td>${c.cluster}</td><td>${c.archetype}</td><td class="num">${c.population}</td><td class="num">${c.budget}</td><td class="mono">${c.basis}</td><td class="num">${c.out}</td><td class="num">${c.headroom}</td><td class="num">${c.candidates}</td><td class="num">${c.eligible}</td><td class="num"><strong>${c.picked.length}</strong></td><td>${c.groups.join(', ')}</td><td>${c.reason ?? ''}</td></tr>`,
  );
  return html`<h3>${plan.action}: ${picked} host${picked === 1 ? '' : 's'} planned</h3>
<p class="muted">${whose}${plan.planned_at ? `, at ${plan.planned_at}` : ''}; seed ${plan.seed}; candidates from <code>${plan.candidates_view}</code>${plan.in_progress_view ? html`, hosts out from <code>${plan.in_progress_view}</code>` : ''}; invariants: ${plan.invariants.join(', ') || 'none'}. Files: <a href="${hostsHref}">plan/${plan.action}</a>, <a href="${jsonHref}">plan/${plan.action}.json</a>.</p>
${plan.global_failures.map((f) => html`<p class="banner bad"><strong>Refused:</strong> ${f}. Nothing of this action is planned in any cluster.</p>`)}
${invalidRows(plan, listMax)}
<table><thead><tr><th>cluster</th><th>archetype</th><th class="num">population</th><th class="num">budget</th><th>budget arithmetic</th><th class="num">out</th><th class="num">headroom</th><th class="num">candidates</th><th class="num">eligible</th><th class="num">planned</th><th>groups</th><th>why not more</th></tr></thead><tbody>${rows}</tbody></table>
${plan.clusters.map((c) => clusterLists(c, hostsHref, jsonHref, listMax))}`;
}

function clusterLists(c: ClusterPlan, hostsHref: string, jsonHref: string, listMax: number): Html {
  if (c.picked.length + c.removed.length + c.outHosts.length === 0) return html``;
  const more = (file: string, label: string) => html`see <a href="${file}">${label}</a>`;
  return html`<h4>${c.cluster}</h4>
${c.picked.length > 0 ? html`<p>Planned (${c.picked.length}):</p>${hostList(c.picked.map((h) => html`${h.hostname}${h.spread !== null ? html` <span class="muted">${h.spread}</span>` : ''}${h.group !== null ? html` <span class="muted">${h.group}</span>` : ''}`), c.picked.length, listMax, more(hostsHref, 'the plan file'))}` : ''}
${c.removed.length > 0 ? html`<p>Candidates left out, and why (${c.removed.length}):</p>${hostList(c.removed.map((r) => html`${r.hostname} <span class="muted">${r.reason}</span>`), c.removed.length, listMax, more(jsonHref, 'the plan explanation'))}` : ''}
${c.outHosts.length > 0 ? html`<p>Already out, using budget (${c.outHosts.length}):</p>${hostList(c.outHosts.map((o) => html`${o.hostname} <span class="muted">${o.detail ?? o.why}</span>`), c.outHosts.length, listMax, more(jsonHref, 'the plan explanation'))}` : ''}`;
}

// ── journal ────────────────────────────────────────────────────────────────

const UNRESOLVED = new Set(['unknown', 'running']);
const FAILED = new Set(['failed', 'timeout']);

function journalSection(d: ReportData, max: number): Html {
  const entries = d.journal;
  const unresolved = entries.filter((e) => UNRESOLVED.has(e.outcome));
  const failed = entries.filter((e) => FAILED.has(e.outcome));
  // Unknown and failed entries are always listed; the rest up to the limit.
  const notable = new Set([...unresolved, ...failed]);
  const shown = entries.length <= max ? entries : entries.filter((e) => notable.has(e)).slice(0, max);
  const others = entries.length - shown.length;
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  return html`<section id="journal"><h2>Journal</h2>
<p class="muted">Every host an action was run for on ${d.day}, written before its command started and after it ended (<code>breakfix journal</code>). ${[...counts.entries()].sort(([a], [b]) => compareBytewise(a, b)).map(([o, n]) => `${n} ${o}`).join(', ') || 'No entries.'}</p>
${unresolved.length > 0 ? html`<p class="banner bad"><strong>${unresolved.length} unknown outcome${unresolved.length === 1 ? '' : 's'}:</strong> a command was running when its process died, so whether it did its work is unknown. Those hosts count as out for every action and are not acted on again until an operator checks them and runs <code>breakfix clear HOST --reason "..."</code>.</p>` : ''}
${failed.length > 0 ? html`<p class="banner bad"><strong>${failed.length} failed or timed out.</strong></p>` : ''}
${shown.length > 0 ? html`<div class="scroll"><table><thead><tr><th class="num">#</th><th class="num">pass</th><th>action</th><th>host</th><th>cluster</th><th>outcome</th><th class="num">exit</th><th>started</th><th>finished</th><th>note</th></tr></thead><tbody>${shown.map((e) => journalRow(e, d.timezone))}</tbody></table></div>` : ''}
${others > 0 ? html`<p class="muted">${others} more entries (outcome done or cleared) are not listed: <code>breakfix --day ${d.day} journal</code> lists all.</p>` : ''}
</section>`;
}

function journalRow(e: JournalEntry, tz: string): Html {
  const hl = UNRESOLVED.has(e.outcome) ? 'hl-unknown' : FAILED.has(e.outcome) ? 'hl-failed' : '';
  return html`<tr class="${hl}"><td class="num">${e.id}</td><td class="num">${e.pass ?? '-'}</td><td>${e.action}</td><td class="mono">${e.hostname}</td><td>${e.cluster}</td><td>${badge(`o-${e.outcome}`, e.outcome)}</td><td class="num">${e.exit_code ?? '-'}</td><td class="mono">${localTime(e.started_ms, tz)}</td><td class="mono">${e.finished_ms === null ? '-' : localTime(e.finished_ms, tz)}</td><td>${e.carried_from ? `carried over from ${e.carried_from}; ` : ''}${e.note ?? ''}</td></tr>`;
}

// ── inputs ─────────────────────────────────────────────────────────────────

function inputsSection(d: ReportData): Html {
  const last = d.passes[d.passes.length - 1];
  const refMs = last?.startedMs ?? Date.parse(d.generatedAt);
  const refSeconds = Math.floor(refMs / 1000);
  const rows = [...d.sources].sort((a, b) => compareBytewise(a.name, b.name)).map((s) => inputRow(s, d.imports.find((i) => i.source === s.name), refSeconds, d.timezone));
  return html`<section id="inputs"><h2>Inputs</h2>
<p class="muted">Each source's latest import, and the age of its data when ${last ? `pass ${last.id} started (${localTime(refMs, d.timezone)})` : 'this page was made'}; <code>max_age</code> is what the inputs-fresh invariant allows.</p>
<table><thead><tr><th>source</th><th>kind</th><th>freshness</th><th>last import</th><th class="num">rows</th><th class="num">unknown hosts</th><th>data from</th><th class="num">age</th><th class="num">max_age</th><th>error</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** fresh, stale, failed or never, as inputs-fresh would judge it at `nowSeconds` (not requiring this very pass). */
export function freshness(s: SourceInfo, imp: ImportRecord | undefined, nowSeconds: number): { verdict: 'fresh' | 'stale' | 'failed' | 'never' | 'no limit'; why: string | null } {
  if (imp === undefined) return { verdict: 'never', why: `${s.name} was never imported on this day` };
  if (imp.status === 'failed') return { verdict: 'failed', why: imp.error };
  const latest = [{ source: s.name, status: imp.status === 'running' ? ('failed' as const) : imp.status, pass: imp.pass, dataTime: imp.dataTime }];
  const failures = checkInputsFresh([{ name: s.name, maxAge: s.maxAge ?? undefined }], latest, { pass: null, now: nowSeconds });
  if (failures.length > 0) return { verdict: 'stale', why: failures[0]! };
  return { verdict: s.maxAge === null ? 'no limit' : 'fresh', why: null };
}

function inputRow(s: SourceInfo, imp: ImportRecord | undefined, nowSeconds: number, tz: string): Html {
  const f = freshness(s, imp, nowSeconds);
  const age = imp?.dataTime != null ? formatDuration(Math.max(0, nowSeconds - imp.dataTime)) : '-';
  return html`<tr class="${f.verdict === 'stale' || f.verdict === 'failed' || f.verdict === 'never' ? 'hl-failed' : ''}"><td>${s.name}</td><td>${s.kind}</td><td>${badge(`v-${f.verdict.replace(' ', '-')}`, f.verdict)}</td><td>${imp ? `${imp.status}${imp.pass !== null ? ` (pass ${imp.pass})` : ''}` : '-'}</td><td class="num">${imp?.rows ?? '-'}</td><td class="num">${imp?.unmatched ?? '-'}</td><td class="mono">${imp?.dataTime != null ? localDateTime(imp.dataTime * 1000, tz) : '-'}</td><td class="num">${age}</td><td class="num">${s.maxAge === null ? '-' : formatDuration(s.maxAge)}</td><td>${f.verdict === 'stale' ? f.why : (imp?.error ?? '')}</td></tr>`;
}

// ── pause ──────────────────────────────────────────────────────────────────

function pauseSection(d: ReportData): Html {
  const paused = d.passes.filter((p) => p.paused !== null);
  return html`<section id="pause"><h2>Pause</h2>
<p>${d.pauseNow === null ? 'Acting is not paused now (no runs/pause.json).' : html`Acting is <strong>paused</strong> now: by ${d.pauseNow.by} at ${d.pauseNow.at}: ${d.pauseNow.reason}.`}</p>
${paused.length > 0 ? html`<p>Passes that ran paused on ${d.day} (they planned, and ran nothing):</p><ul>${paused.map((p) => html`<li>pass ${p.id} at ${localTime(p.startedMs, d.timezone)}: paused by ${p.paused!.by} at ${p.paused!.at}: ${p.paused!.reason}</li>`)}</ul>` : html`<p>No pass ran paused on ${d.day}.</p>`}
</section>`;
}

// ── glossary ───────────────────────────────────────────────────────────────

function glossary(): Html {
  const items: [string, string][] = [
    ['pass', 'One run of import → views → export → plan → act. Passes run on a schedule; each is recorded with its summary.'],
    ['view', 'A named SQL query over the imported data (queries/*.sql), exported each pass as a sorted text file beside this page.'],
    ['candidates', "The hosts an action's candidates view lists: the ones it would like to act on."],
    ['budget', "How many of a cluster's hosts may be out at once for the actions: a share of the cluster's population (its archetype's percent), or an override."],
    ['out', 'Hosts of the cluster already out: in the in-progress view, acted on earlier today, planned by an earlier action this pass, or with an unknown outcome. They use budget.'],
    ['headroom', 'What a pass may still plan in a cluster: the budget minus what is out, at most max_per_pass.'],
    ['group rule', 'Hosts of too many replica groups (data_group) may not be out at once, so no data loses every replica.'],
    ['invariant', 'A safety check. A global one failing (stale or shrunk inputs) empties the whole plan and the pass exits 3; a per-host one removes the host and says why.'],
    ['dry run', 'A pass without --execute: it plans and says what it would run, and runs nothing.'],
    ['paused', '`breakfix pause` stops acting for every pass until `breakfix resume`; passes still plan.'],
    ['unknown outcome', 'A command was running when its process died. The host counts as out and is never acted on again until an operator runs `breakfix clear HOST --reason "..."`.'],
  ];
  return html`<section id="glossary"><h2>Glossary</h2><dl class="glossary">${items.map(([t, dd]) => html`<dt>${t}</dt><dd>${dd}</dd>`)}</dl></section>`;
}

/** The rows planning could not read (their hostname is not one), with what that did: dropped, not counted, or the cluster refused. */
function invalidRows(plan: PlanExplanation, listMax: number): Part {
  const rows = plan.invalid_rows ?? [];
  if (rows.length === 0) return null;
  const shown = rows.slice(0, listMax).map((r) => html`${r.view}${r.value === null ? '' : html` "${r.value}"`} (${r.problem}: ${r.effect})`);
  return html`<p class="banner bad">Rows planning could not read: ${join(shown, '; ')}${rows.length > listMax ? ` and ${rows.length - listMax} more` : ''}</p>`;
}
