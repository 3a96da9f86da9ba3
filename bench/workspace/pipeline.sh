#!/bin/sh
# The seven benchmark views as the sort/comm/join/awk pipeline an operator
# writes today. Usage: sh pipeline.sh INPUT_DIR OUTPUT_DIR TMP_DIR
# Every file it compares is sorted with LC_ALL=C (bytewise), which is what
# comm and join need and what breakfix's exported files are.
set -eu
in=$1
out=$2
tmp=$3
export LC_ALL=C
T=$(printf '\t')
mkdir -p "$out" "$tmp"

for list in excluded responsive puppet-failing dead decommissioned reserved ticketed canary retired; do
  sort -u "$in/$list" > "$tmp/$list"
done
# The inventory keyed on hostname for join; managed workers as a host set.
sort -t "$T" -k1,1 "$in/inventory.tsv" > "$tmp/inventory"
awk -F '\t' '$4 == "hadoop-worker" && $7 == "managed" { print $1 }' "$tmp/inventory" > "$tmp/managed"

# candidate-rekick: managed − excluded ∩ responsive − puppet-failing
comm -23 "$tmp/managed" "$tmp/excluded" | comm -12 - "$tmp/responsive" | comm -23 - "$tmp/puppet-failing" > "$out/candidate-rekick"

# dead-rekick: managed ∩ dead − excluded − reserved, with cluster and rack
comm -12 "$tmp/managed" "$tmp/dead" | comm -23 - "$tmp/excluded" | comm -23 - "$tmp/reserved" \
  | join -t "$T" - "$tmp/inventory" | cut -f 1,3,5 > "$out/dead-rekick"

# out-of-service: inventory hosts on excluded ∪ decommissioned ∪ dead
sort -m -u "$tmp/excluded" "$tmp/decommissioned" "$tmp/dead" | join -t "$T" - "$tmp/inventory" | cut -f 1,3 > "$out/out-of-service"

# unreachable: managed − responsive − reserved, with cluster and rack
comm -23 "$tmp/managed" "$tmp/responsive" | comm -23 - "$tmp/reserved" | join -t "$T" - "$tmp/inventory" | cut -f 1,3,5 > "$out/unreachable"

# retired-responsive: retired ∩ responsive
comm -12 "$tmp/retired" "$tmp/responsive" > "$out/retired-responsive"

# ticket-closable: inventory hosts on ticketed ∩ responsive − puppet-failing − dead, with the ticket
comm -12 "$tmp/ticketed" "$tmp/responsive" | comm -23 - "$tmp/puppet-failing" | comm -23 - "$tmp/dead" \
  | join -t "$T" - "$tmp/inventory" | cut -f 1,8 > "$out/ticket-closable"

# disk-errors: managed workers whose latest node_disk_errors_total sample is above 0
awk -F '\t' '$3 == "node_disk_errors_total" { if (!($2 in ts) || $1 + 0 > ts[$2]) { ts[$2] = $1 + 0; v[$2] = $4 } }
  END { for (h in v) if (v[h] + 0 > 0) print h }' "$in/metrics.tsv" | sort \
  | comm -12 "$tmp/managed" - | join -t "$T" - "$tmp/inventory" | cut -f 1,3 > "$out/disk-errors"
