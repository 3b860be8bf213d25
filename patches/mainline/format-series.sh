#!/usr/bin/env bash
# Regenerates patches/mainline/ from a git tree of the source with the
# pristine unpack as its first commit and the series on top:
#   patches/mainline/format-series.sh TREE [N]      N commits, default 3
# git format-patch --cover-letter --base=<pristine>, To/Cc from
# scripts/get_maintainer.pl, and the cover letter's subject and body from
# patches/mainline/cover.txt (first line: subject; the rest: body).
set -euo pipefail
cd "$(dirname "$0")/../.."
tree=$1 n=${2:-3}
out=$PWD/patches/mainline
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
