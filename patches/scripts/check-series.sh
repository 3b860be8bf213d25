#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks a series the way a maintainer takes it: a fresh copy of its
# unpacked source made a git repository (the pristine tree as first
# commit), `git am` of each patch, and `scripts/checkpatch.pl --strict` on
# each, which must report 0 errors, warnings and checks.
#   patches/scripts/check-series.sh mainline|6.1 [WORKDIR]
# WORKDIR (default build/linux/SERIES/check) keeps the tree, am.log and
# checkpatch/NNNN-*.txt, one checkpatch report per patch.  Exits 1 if a
# patch does not apply, 3 if one is not checkpatch-clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/deps.sh linux
series=${1:-}
. patches/scripts/series.sh "$series"
work=$(realpath -m "${2:-$SERIES_BUILD/check}")
rm -rf "$work"
mkdir -p "$work/checkpatch"

# git_in TREE ARGS...: git with what a throw-away tree of 80,000 files
# needs: no compression and no automatic gc (packing would take minutes),
# and a stat check that only looks at size and mtime, which hard-linked
# copies keep (their ctime moves with each new link).
git_in() {
	local tree=$1
	shift
	git -C "$tree" -c user.name=pvkit -c user.email=pvkit@localhost -c gc.auto=0 \
		-c core.compression=0 -c core.looseCompression=0 \
		-c core.trustctime=false -c core.checkStat=minimal "$@"
}

# The base repository, the pristine tree as its one commit, is made once
# per source (and version of this script) and hard-linked into each check:
# git writes new files rather than changing old ones, so the copy's git am
# leaves the base as it was.
base_tree=$SERIES_BUILD/check-base
key=$( { printf '%s\n' "$SERIES_PKG" "$SERIES_VERSION"; grep -v '^[[:space:]]*#' "$0"; } |
	sha256sum | cut -c1-16)
if [ ! -f "$base_tree.stamp" ] || [ "$(cat "$base_tree.stamp")" != "$key" ]; then
	rm -rf "$base_tree" "$base_tree.stamp"
	cp -al "$(series_pristine)" "$base_tree"
	git_in "$base_tree" init -q
	# Debian's tarball ignores everything at the top level (.gitignore "/*"): -f.
	git_in "$base_tree" add -f -A
	# A fixed date: the same source gives the same base commit on every
	# machine, so a series' base-commit line can be checked by anyone.
	GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z \
		git_in "$base_tree" commit -q -m "$SERIES_PKG $SERIES_VERSION, as unpacked"
	echo "$key" >"$base_tree.stamp"
fi
cp -al "$base_tree" "$work/tree"
g=(git_in "$work/tree")
base=$("${g[@]}" rev-parse HEAD)
fail=0
for p in "${SERIES_PATCHES[@]}"; do
	name=${p##*/}
	if ! "${g[@]}" am "$PWD/$p" >>"$work/am.log" 2>&1; then
		echo "check-series: git am failed: $p (see $work/am.log)"
		exit 1
	fi
	(cd "$work/tree" && scripts/checkpatch.pl --strict "$OLDPWD/$p" >"$work/checkpatch/${name%.patch}.txt" 2>&1) || true
	out=$(grep '^total:' "$work/checkpatch/${name%.patch}.txt" || echo "no total line")
	echo "check-series: $name: $out"
	case $out in "total: 0 errors, 0 warnings, 0 checks,"*) ;; *) fail=3 ;; esac
done
echo "check-series: $SERIES_PKG $SERIES_VERSION, base $base, $("${g[@]}" rev-list --count "$base"..HEAD) commits applied"
exit $fail
