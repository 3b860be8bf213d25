#!/usr/bin/env bash
# Checks the mainline series the way a maintainer takes it: a fresh unpack of
# the pinned linux-source-7.3 made a git repository (pristine first commit),
# `git am` of patches/mainline/NNNN-*.patch, and `scripts/checkpatch.pl
# --strict` on each patch, which must report 0 errors, warnings and checks.
#   patches/mainline/check-series.sh [WORKDIR]   default build/linux-mainline/check
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/deps.sh linux
. patches/mainline/source.mk
tarball=$(patches/mainline/fetch-source.sh)
work=${1:-build/linux-mainline/check}
rm -rf "$work"
mkdir -p "$work"
tar -xJf "$tarball" -C "$work" --strip-components=1
g=(git -C "$work" -c user.name=pvkit -c user.email=pvkit@localhost)
"${g[@]}" init -q
# Debian's tarball ignores everything at the top level (.gitignore "/*"): -f.
"${g[@]}" add -f -A
"${g[@]}" commit -q -m pristine
base=$("${g[@]}" rev-parse HEAD)
fail=0
for p in patches/mainline/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] && continue
	"${g[@]}" am -q "$PWD/$p" || { echo "check-series: git am failed: $p"; exit 1; }
	out=$(cd "$work" && scripts/checkpatch.pl --strict "$OLDPWD/$p" 2>/dev/null | grep '^total:')
	echo "check-series: ${p##*/}: $out"
	case $out in "total: 0 errors, 0 warnings, 0 checks,"*) ;; *) fail=1 ;; esac
done
echo "check-series: $LINUX_MAINLINE_PKG $LINUX_MAINLINE_VERSION, base $base, $("${g[@]}" rev-list --count "$base"..HEAD) commits applied"
exit $fail
