/**
 * The page's own CSS and script, inlined (the page loads nothing). The
 * Content-Security-Policy names their hashes, so nothing else may style or
 * run: an injected <script> or on*= attribute would be refused even if
 * escaping ever failed.
 */

export const CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --red: #b42318; --red-bg: #fef3f2; --amber: #9a6700; --amber-bg: #fff8c5; --green: #1a7f37; --green-bg: #dafbe1; --blue: #0969da; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 0 24px 48px; max-width: 1180px; }
header { border-bottom: 1px solid var(--line); padding: 20px 0 12px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 6px; }
h4 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
p { margin: 6px 0; }
a { color: var(--blue); }
code, .mono, td.mono { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.muted { color: var(--muted); }
nav { margin-top: 8px; font-size: 13px; }
nav a { margin-right: 12px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; padding-right: 14px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; background: var(--soft); }
.s-ok { background: var(--green-bg); color: var(--green); }
.s-refused, .s-failed, .s-interrupted, .o-unknown, .o-running, .o-failed, .o-timeout, .v-stale, .v-failed, .v-never { background: var(--red-bg); color: var(--red); }
.s-paused, .s-dry-run, .s-running { background: var(--amber-bg); color: var(--amber); }
.o-done, .v-fresh { background: var(--green-bg); color: var(--green); }
tr.hl-unknown td, tr.hl-failed td { background: var(--red-bg); }
.banner { margin: 14px 0; padding: 10px 14px; border-radius: 6px; border: 1px solid; }
.banner.paused { background: var(--amber-bg); border-color: #d4a72c; }
.banner.bad { background: var(--red-bg); border-color: #f2b8b5; }
.story { border-left: 3px solid var(--line); padding: 2px 0 2px 14px; margin: 18px 0; }
.story.l-refused, .story.l-failed, .story.l-interrupted { border-left-color: var(--red); }
.story.l-paused, .story.l-dry-run { border-left-color: #d4a72c; }
.story.l-ok { border-left-color: #4ac26b; }
.story h3 { margin-top: 4px; }
.story ul { margin: 2px 0 6px; padding-left: 20px; }
.story li.sub { list-style: circle; margin-left: 18px; }
.verdict { font-weight: 600; }
figure { margin: 10px 0 22px; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; margin-bottom: 6px; }
.scroll { max-height: 26em; overflow: auto; border: 1px solid var(--line); border-radius: 4px; padding: 0 8px; }
tr.del td:first-child, tr.del .sign { color: var(--red); }
tr.add td:first-child, tr.add .sign { color: var(--green); }
td.sign { font-weight: 700; width: 1.5em; }
.hosts { columns: 2 30em; margin: 4px 0 8px; padding-left: 18px; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.hosts li { break-inside: avoid; }
.search { margin: 10px 0; }
.search input { font: inherit; padding: 5px 8px; width: 26em; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; }
.diffview.no-match { display: none; }
tr.no-match { display: none; }
dl.glossary dt { font-weight: 600; margin-top: 8px; }
dl.glossary dd { margin: 2px 0 0 18px; }
footer { margin-top: 40px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted); font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .search, .more-matches { display: none !important; }
  .scroll { max-height: none; overflow: visible; border: 0; padding: 0; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  figure, tr, .story li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .banner, .badge, tr.hl-unknown td, tr.hl-failed td { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  tr.no-match, .diffview.no-match { display: revert; }
}
`.trim();

/**
 * Search over the diff tables: hides the rows that do not contain the text
 * typed, and lists the hostnames beyond the rows shown that match (from the
 * JSON block, built with textContent: never parsed as markup). Without it
 * the page is complete; the search box is shown only when it runs.
 */
export const SCRIPT = `
(function () {
  var box = document.getElementById('diff-search');
  if (!box) return;
  var index = {};
  try { index = JSON.parse(document.getElementById('diff-index').textContent || '{}'); } catch (e) { index = {}; }
  var status = document.getElementById('diff-search-status');
  var search = box.closest('.search');
  if (search) search.hidden = false;
  var views = Array.prototype.slice.call(document.querySelectorAll('.diffview'));
  function apply() {
    var q = box.value.trim().toLowerCase();
    var total = 0;
    views.forEach(function (v) {
      var rows = v.querySelectorAll('tr[data-row]');
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var hit = q === '' || rows[i].textContent.toLowerCase().indexOf(q) >= 0;
        rows[i].classList.toggle('no-match', !hit);
        if (hit) shown++;
      }
      var list = v.querySelector('.more-matches');
      var more = index[v.getAttribute('data-view')] || { removed: [], added: [] };
      var extra = [];
      if (q !== '') {
        more.removed.forEach(function (h) { if (h.toLowerCase().indexOf(q) >= 0) extra.push('\\u2212 ' + h); });
        more.added.forEach(function (h) { if (h.toLowerCase().indexOf(q) >= 0) extra.push('+ ' + h); });
      }
      if (list) {
        while (list.firstChild) list.removeChild(list.firstChild);
        extra.slice(0, 200).forEach(function (t) { var li = document.createElement('li'); li.textContent = t; list.appendChild(li); });
        if (extra.length > 200) { var li = document.createElement('li'); li.textContent = 'and ' + (extra.length - 200) + ' more matches'; list.appendChild(li); }
        list.hidden = extra.length === 0;
      }
      var n = shown + extra.length;
      v.classList.toggle('no-match', q !== '' && n === 0);
      var count = v.querySelector('.match-count');
      if (count) count.textContent = q === '' ? '' : n + ' matching';
      total += q === '' ? 0 : n;
    });
    if (status) status.textContent = q === '' ? '' : total + ' matching rows';
  }
  box.addEventListener('input', apply);
})();
`.trim();
