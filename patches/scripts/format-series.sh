#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates a series' patches from a git tree of its source with the
# pristine unpack as its first commit and the series on top:
#   patches/scripts/format-series.sh mainline|6.1 TREE [N]   N commits, default 3
# git format-patch --cover-letter --base=<pristine>, To/Cc from
# scripts/get_maintainer.pl, and the cover letter's subject and body from
# SERIES_DIR/cover.txt (first line: subject; the rest: body).
set -euo pipefail
cd "$(dirname "$0")/../.."
series=${1:-} tree=${2:?usage: $0 mainline|6.1 TREE [N]} n=${3:-3}
. patches/scripts/series.sh "$series"
out=$PWD/$SERIES_DIR
base=$(git -C "$tree" rev-list --max-parents=0 HEAD)
tmp=$(mktemp -d)
git -C "$tree" format-patch -q --cover-letter --base="$base" -o "$tmp" "HEAD~$n..HEAD"
# Maintainers (To) and lists/reviewers (Cc) for the whole series.
mapfile -t to < <(cd "$tree" && scripts/get_maintainer.pl --no-rolestats --no-git \
	--no-git-fallback --nol "$tmp"/000[1-9]-*.patch)
mapfile -t cc < <(cd "$tree" && scripts/get_maintainer.pl --no-rolestats --no-git \
	--no-git-fallback --nom --nor "$tmp"/000[1-9]-*.patch)
args=()
for a in "${to[@]}"; do args+=(--to="$a"); done
for a in "${cc[@]}"; do args+=(--cc="$a"); done
rm -rf "$tmp"; tmp=$(mktemp -d)
git -C "$tree" format-patch -q --cover-letter --base="$base" "${args[@]}" -o "$tmp" "HEAD~$n..HEAD"
python3 - "$tmp/0000-cover-letter.patch" "$out/cover.txt" <<'PY'
import sys
p, c = sys.argv[1], sys.argv[2]
subject, body = open(c).read().split("\n", 1)
s = open(p).read()
s = s.replace("*** SUBJECT HERE ***", subject).replace("*** BLURB HERE ***", body.strip("\n"))
open(p, "w").write(s)
PY
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch
mv "$tmp"/*.patch "$out/"
rmdir "$tmp"
ls "$out"/[0-9][0-9][0-9][0-9]-*.patch
