# SPDX-License-Identifier: MIT
# Sourced by the scripts in patches/scripts/: what one series is.
#   . patches/scripts/series.sh SERIES      SERIES is mainline or 6.1
# Sets SERIES_DIR (its patches), SERIES_PROBE (the test probe applied to
# both test kernels), SERIES_BUILD (its build/ folder), SERIES_PKG and
# SERIES_VERSION (the Debian source package), SERIES_TARBALL, and the
# array SERIES_PATCHES (the series in order, less the cover letter).
# Run from the top of the tree.
series_name=${1:-}
case $series_name in
mainline)
	# shellcheck source=../source.mk
	. patches/source.mk
	SERIES_DIR=patches
	SERIES_PKG=$LINUX_MAINLINE_PKG
	SERIES_VERSION=$LINUX_MAINLINE_VERSION
	SERIES_TARBALL=$(patches/scripts/fetch-source.sh)
	;;
6.1)
	# The stable backport's source is Debian 12's own package.
	tools/deps.sh linux
	SERIES_DIR=patches/6.1
	SERIES_PKG=linux-source-6.1
	SERIES_VERSION=$(dpkg-query -W -f='${Version}' linux-source-6.1)
	SERIES_TARBALL=/usr/src/linux-source-6.1.tar.xz
	;;
*)
	echo "series: want mainline or 6.1, not '$series_name'" >&2
	exit 2
	;;
esac
[ -f "$SERIES_TARBALL" ] || { echo "series: $SERIES_TARBALL missing" >&2; exit 1; }
SERIES_PROBE=tests/patches/$series_name/linux-probe.patch
SERIES_BUILD=build/linux/$series_name
SERIES_PATCHES=()
for p in "$SERIES_DIR"/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] || SERIES_PATCHES+=("$p")
done
[ ${#SERIES_PATCHES[@]} -gt 0 ] || { echo "series: no patches in $SERIES_DIR" >&2; exit 1; }

# The series' source unpacked once into $SERIES_BUILD/pristine, which the
# trees that need it copy as hard links (cp -al): patch(1) and git write a
# file they change as a new one, so the pristine tree stays pristine.
# Prints its path.
series_pristine() {
	local dir=$SERIES_BUILD/pristine want="$SERIES_PKG $SERIES_VERSION"
	mkdir -p "$SERIES_BUILD"
	(
		flock 8
		if [ "$(cat "$dir.ok" 2>/dev/null)" != "$want" ]; then
			rm -rf "$dir" "$dir.ok"
			mkdir -p "$dir"
			tar -xJf "$SERIES_TARBALL" -C "$dir" --strip-components=1
			echo "$want" >"$dir.ok"
		fi
	) 8>"$dir.lock"
	echo "$dir"
}

# What a test kernel is made from, hashed: the source package, the build
# scripts and config less their comments, the probe and (patched) the
# series' diffs, without their mail headers and index lines (regenerating
# a series' mails does not rebuild it).  Prints the hash.
series_stamp() {
	local variant=$1 p
	{
		printf '%s\n' "$SERIES_PKG" "$SERIES_VERSION" "$variant"
		grep -hv '^[[:space:]]*#' patches/scripts/build-linux.sh patches/scripts/series.sh \
			patches/source.mk patches/linux.config
		cat "$SERIES_PROBE"
		if [ "$variant" = patched ]; then
			for p in "${SERIES_PATCHES[@]}"; do
				sed -n '/^diff --git/,$p' "$p" | grep -v '^index '
			done
		fi
	} | sha256sum | cut -c1-16
}
