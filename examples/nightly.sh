#!/usr/bin/env bash
# The nightly reconciliation, as cron runs it:
#
#   30 2 * * *  breakfix  /opt/breakfix/examples/nightly.sh /srv/breakfix/smf1
#
# One pass with --execute and a JSON summary, its exit code acted on, then
# `breakfix diff --stat --exit-code` against yesterday. The report is mailed
# when MAILTO is set and `mail` exists, and always appended to
# runs/nightly.log in the workspace.
#
#   exit 0   done (an empty plan is a normal outcome)
#   exit 1   an import, a view or an action failed          -> page the on-call
#   exit 3   an invariant refused to act                     -> a person reviews
#   exit 75  another breakfix holds the workspace lock       -> retry later
#
# Environment: BREAKFIX (the command, default `breakfix`), MAILTO, PAGE_CMD (a
# command given the subject as its one argument, e.g. a pager CLI).
set -u

ws=${1:?usage: nightly.sh WORKSPACE}
read -r -a breakfix <<<"${BREAKFIX:-breakfix}"
log="$ws/runs/nightly.log"
mkdir -p "$ws/runs"
report=$(mktemp)
trap 'rm -f "$report"' EXIT

"${breakfix[@]}" -C "$ws" --json pass --execute >"$report.json" 2>"$report.err"
code=$?

case $code in
  0)  verdict="ok" ;;
  1)  verdict="FAILED: an import, a view or an action failed — paging" ;;
  3)  verdict="REFUSED: an invariant stopped an action — review the summary" ;;
  75) verdict="SKIPPED: another breakfix holds the workspace lock — retry later" ;;
  *)  verdict="UNEXPECTED exit $code" ;;
esac

{
  echo "breakfix nightly $(date -u +%Y-%m-%dT%H:%M:%SZ) workspace $ws: $verdict (exit $code)"
  if [ -s "$report.err" ]; then echo "--- stderr"; cat "$report.err"; fi
  echo "--- changes since yesterday (breakfix diff --stat)"
  "${breakfix[@]}" -C "$ws" diff --stat --exit-code
  diff_code=$?
  case $diff_code in
    0) echo "(no view changed since yesterday)" ;;
    1) echo "(views changed since yesterday)" ;;
    *) echo "(diff failed: exit $diff_code)" ;;
  esac
  echo "--- pass summary (JSON)"
  cat "$report.json"
} >"$report" 2>&1
rm -f "$report.json" "$report.err"

# Never through a link (or into a FIFO) planted at the log's name in a shared workspace: breakfix
# itself refuses those under runs/, and so does this script.
if [ -L "$log" ] || { [ -e "$log" ] && [ ! -f "$log" ]; }; then
  echo "nightly.sh: $log is a symbolic link or not a regular file: not appended to (remove it)" >&2
else
  cat "$report" >>"$log"
fi
subject="breakfix $(basename "$ws"): $verdict"
if [ -n "${MAILTO:-}" ] && command -v mail >/dev/null 2>&1; then
  mail -s "$subject" "$MAILTO" <"$report"
fi
if [ "$code" -eq 1 ] && [ -n "${PAGE_CMD:-}" ]; then
  read -r -a page <<<"$PAGE_CMD"
  "${page[@]}" "$subject"
fi
exit "$code"
