#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches Debian experimental's linux-source-7.3 (the version pinned in
# patches/source.mk) without touching the machine's apt sources:
# a private apt configuration in build/apt-mainline/ (its own sources.list
# naming the suite, with the URI and keyring of
# /etc/apt/sources.list.d/debian.sources, its own lists and cache), then
# `apt-get download` and `dpkg-deb -x`.  Nothing is installed.
#   patches/scripts/fetch-source.sh      prints the tarball's path
# Cached: a second run with the same version does nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../source.mk
. patches/source.mk
pkg=$LINUX_MAINLINE_PKG ver=$LINUX_MAINLINE_VERSION suite=$LINUX_MAINLINE_SUITE

top=$PWD/build/linux-mainline-src
out=$top/$ver
tarball=$out/usr/src/$pkg.tar.xz
if [ -f "$out/ok" ] && [ -f "$tarball" ]; then
	echo "$tarball"
	exit 0
fi

apt=$PWD/build/apt-mainline
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$top"
# Same archive and keyring the machine already trusts, one suite more.
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
key=$(awk '/^Signed-By:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
[ -n "$uri" ] && [ -n "$key" ] || { echo "fetch-source: no URI/Signed-By in debian.sources" >&2; exit 1; }
echo "deb [signed-by=$key] $uri $suite main" >"$apt/sources.list"
opts=(-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
	-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::status=/var/lib/dpkg/status -o Debug::NoLocking=1)

deb=$(ls "$top"/"${pkg}"_*.deb 2>/dev/null | grep -F -e "_${ver}_" -e "_${ver//\~/%7e}_" || true)
if [ -z "$deb" ]; then
	echo "fetch-source: apt-get update ($suite, private lists in $apt)" >&2
	apt-get "${opts[@]}" -q update >&2
	echo "fetch-source: downloading $pkg=$ver" >&2
	(cd "$top" && apt-get "${opts[@]}" -q download "$pkg=$ver" >&2)
	deb=$(ls "$top"/"${pkg}"_*.deb | head -n1)
fi
got=$(dpkg-deb -f "$deb" Version)
[ "$got" = "$ver" ] || { echo "fetch-source: $deb is $got, not $ver" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
dpkg-deb -x "$deb" "$out"
[ -f "$tarball" ] || { echo "fetch-source: $tarball not in $deb" >&2; exit 1; }
echo "$pkg $ver" >"$out/ok"
echo "$tarball"
