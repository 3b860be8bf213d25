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
work=${2:-$SERIES_BUILD/check}
rm -rf "$work"
mkdir -p "$work/checkpatch"
cp -al "$(series_pristine)" "$work/tree"
# No compression and no automatic gc: the tree is thrown away after the
# checks, and packing 80,000 objects would take minutes.
g=(git -C "$work/tree" -c user.name=pvkit -c user.email=pvkit@localhost -c gc.auto=0
	-c core.compression=0 -c core.looseCompression=0)
"${g[@]}" init -q
# Debian's tarball ignores everything at the top level (.gitignore "/*"): -f.
"${g[@]}" add -f -A
# A fixed date: the same source gives the same base commit on every
# machine, so a series' base-commit line can be checked by anyone.
GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z \
	"${g[@]}" commit -q -m "$SERIES_PKG $SERIES_VERSION, as unpacked"
base=$("${g[@]}" rev-parse HEAD)
fail=0
for p in "${SERIES_PATCHES[@]}"; do
	name=${p##*/}
	if ! "${g[@]}" am "$PWD/$p" >>"$work/am.log" 2>&1; then
		echo "check-series: git am failed: $p (see $work/am.log)"
		exit 1
	fi
	(cd "$work/tree" && scripts/checkpatch.pl --strict "$OLDPWD/$p" >"$OLDPWD/$work/checkpatch/${name%.patch}.txt" 2>&1) || true
	out=$(grep '^total:' "$work/checkpatch/${name%.patch}.txt" || echo "no total line")
	echo "check-series: $name: $out"
	case $out in "total: 0 errors, 0 warnings, 0 checks,"*) ;; *) fail=3 ;; esac
done
echo "check-series: $SERIES_PKG $SERIES_VERSION, base $base, $("${g[@]}" rev-list --count "$base"..HEAD) commits applied"
exit $fail
