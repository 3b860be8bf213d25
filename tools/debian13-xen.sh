#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian 13's Xen 4.20 (hypervisor, toolstack, xenstore client) and the
# shared libraries they need, downloaded through a private apt
# configuration and unpacked with dpkg-deb -x into one root directory: the
# machine's own apt sources, package lists and installed packages are left
# as they are, and nothing is installed.  The test suite's Xen 4.20 host
# (tests/harness/dom0/build.sh) takes its dom0 initramfs from that root.
#   tools/debian13-xen.sh        prints ROOT=<dir> once the root is complete
# Cached in ${PVKIT_CACHE:-~/.cache/pvkit}/debian13 (the .debs and the
# root, redone when the package list or this script changes).  Exit 2 with
# a message when the archive cannot be reached or a library is missing.
set -euo pipefail

SUITE=trixie
# The packages themselves; their libraries are found by following Depends.
PACKAGES="xen-hypervisor-4.20-amd64 xen-utils-4.20 xen-utils-common xenstore-utils"
# Followed only through library packages: the rest (python3, udev, ucf)
# is what dom0's init scripts use, not the binaries the harness runs.
FOLLOW='^(lib|zlib)'

die() { echo "debian13-xen: error: $*" >&2; exit 2; }
info() { echo "debian13-xen: $*" >&2; }

CACHE=${PVKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pvkit}/debian13
APT=$CACHE/apt
ROOT=$CACHE/root
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$CACHE/debs" ||
	die "cannot create $CACHE"
exec 9>"$CACHE/.lock"
flock 9

# The archive the machine's own sources name (Debian 12's), with Debian 13's suite.
uri=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
	grep -E '^(URIs:|deb )' | grep -v -e security -e updates | head -n 1 |
	sed -E 's/^URIs: *//; s/^deb +(\[[^]]*\] +)?//; s/ .*//' || true)
[ -n "$uri" ] || die "no Debian archive named in /etc/apt/sources.list.d/ or sources.list"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$KEYRING" ] || die "$KEYRING missing (package debian-archive-keyring)"
echo "deb [signed-by=$KEYRING] $uri $SUITE main" >"$APT/sources.list"

OPTS=(-o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache"
      -o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
      -o "Dir::State::status=/dev/null" -o "APT::Sandbox::User=root" -q)

key=$( { echo "$uri $SUITE $PACKAGES $FOLLOW"; sha256sum "$0"; } | sha256sum | cut -d' ' -f1)
if [ -f "$ROOT/.complete" ] && [ "$(cat "$ROOT/.complete")" = "$key" ]; then
	echo "ROOT=$ROOT"
	exit 0
fi

info "reading Debian 13 ($SUITE) package lists from $uri"
apt-get "${OPTS[@]}" update >&2 || die "apt-get update of $SUITE failed"

# The packages and, breadth first, the library packages they depend on.
declare -A SEEN=()
queue=($PACKAGES)
want=()
while [ ${#queue[@]} -gt 0 ]; do
	p=${queue[0]}
	queue=("${queue[@]:1}")
	[ -z "${SEEN[$p]+x}" ] || continue
	SEEN[$p]=1
	want+=("$p")
	for d in $(apt-cache "${OPTS[@]}" depends --no-recommends --no-suggests --no-conflicts \
			--no-breaks --no-replaces --no-enhances "$p" 2>/dev/null |
			awk '$1 == "Depends:" || $1 == "PreDepends:" { print $2 }' |
			grep -v '^<' | sort -u); do
		[[ $d =~ $FOLLOW ]] && queue+=("$d")
	done
done
info "downloading ${#want[@]} packages: ${want[*]}"
(cd "$CACHE/debs" && apt-get "${OPTS[@]}" download "${want[@]}" >&2) ||
	die "apt-get download failed"

rm -rf "$ROOT.tmp"
mkdir -p "$ROOT.tmp"
for p in "${want[@]}"; do
	deb=$(ls -t "$CACHE/debs/${p}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || die "no .deb of $p in $CACHE/debs"
	dpkg-deb -x "$deb" "$ROOT.tmp" || die "cannot unpack $deb"
done

# Every library a toolstack binary needs must be in the root.
for f in "$ROOT.tmp"/usr/lib/xen-4.20/bin/* "$ROOT.tmp"/usr/bin/xenstore*; do
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'  || true
done | sort -u | while read -r so; do
	found=$(find "$ROOT.tmp"/lib "$ROOT.tmp"/usr/lib -name "$so" 2>/dev/null | head -n 1 || true)
	[ -n "$found" ] || die "$so, needed by the Xen 4.20 tools, is in none of the packages"
done
echo "$key" >"$ROOT.tmp/.complete"
rm -rf "$ROOT"
mv "$ROOT.tmp" "$ROOT"
info "Xen 4.20 unpacked in $ROOT"
echo "ROOT=$ROOT"
