#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds a small Xen PV test kernel for one series:
#   patches/scripts/build-linux.sh mainline|6.1 stock|patched
# Both variants get the series' test probe (tests/patches/SERIES/
# linux-probe.patch: the site dump and the in-kernel loop); "patched" gets
# the series first.  Config: tinyconfig + patches/linux.config.  Output in
# build/linux/SERIES/VARIANT/: bzImage, vmlinux, System.map, .config,
# size.txt, version.txt, build.log, objtool.txt (the objtool lines of the
# log, paths made relative, for stock/patched diffs); src/ and obj/ stay
# for later checks (unaffected.sh).  A stamp (hash of every input) skips
# the whole job when nothing changed; otherwise the tree is copied afresh
# from the pristine unpack and built clean, at low priority (nice 19;
# LINUX_JOBS, default 2).  Two runs for the same kernel take turns (a
# lock), so a test can ask for a kernel that the background build is
# making.
set -euo pipefail
cd "$(dirname "$0")/../.."

series=${1:-} variant=${2:-}
case $variant in stock|patched) ;; *) echo "usage: $0 mainline|6.1 stock|patched" >&2; exit 2 ;; esac
tools/deps.sh linux
. patches/scripts/series.sh "$series"

patches=()
[ "$variant" = stock ] || patches=("${SERIES_PATCHES[@]}")

dir=$SERIES_BUILD/$variant
mkdir -p "$SERIES_BUILD"
exec 9>"$dir.lock"
flock 9
stamp=$(series_stamp "$variant")
if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ] && [ -f "$dir/bzImage" ]; then
	echo "build-linux: $series $variant is up to date ($stamp)"
	exit 0
fi

tag="build-linux: $series $variant"
rm -rf "$dir"
mkdir -p "$dir/src"
echo "$tag: $SERIES_PKG $SERIES_VERSION"
rmdir "$dir/src"
cp -al "$(series_pristine)" "$dir/src"
# patch(1) here, which is fast; that the series applies with git am to a
# pristine git tree of the source is checked apart (check-series.sh).
for p in "${patches[@]}" "$SERIES_PROBE"; do
	echo "$tag: applying $p"
	patch -d "$dir/src" -p1 -s --no-backup-if-mismatch <"$p"
done

# tinyconfig, then the fragment; olddefconfig fills in what the fragment's
# options pull in.  Every fragment line must survive, or the build is not
# the guest we meant.
mk=(nice -n 19 make -C "$dir/src" O="$PWD/$dir/obj" ARCH=x86_64 -j"${LINUX_JOBS:-2}")
"${mk[@]}" -s tinyconfig >"$dir/build.log" 2>&1
grep '^CONFIG_' patches/linux.config >>"$dir/obj/.config"
"${mk[@]}" -s olddefconfig >>"$dir/build.log" 2>&1
while read -r opt; do
	line=$opt
	[ "${opt%=n}" = "$opt" ] || line="# ${opt%=n} is not set"
	grep -qx "$line" "$dir/obj/.config" ||
		{ echo "$tag: $opt did not stick in .config" >&2; exit 1; }
done < <(grep '^CONFIG_' patches/linux.config)

echo "$tag: building (log in $dir/build.log)"
start=$(date +%s)
if ! "${mk[@]}" bzImage >>"$dir/build.log" 2>&1; then
	tail -n 30 "$dir/build.log" >&2
	echo "$tag: build failed" >&2
	exit 1
fi
secs=$(($(date +%s) - start))
cp "$dir/obj/arch/x86/boot/bzImage" "$dir/obj/vmlinux" "$dir/obj/System.map" "$dir/obj/.config" "$dir/"
size "$dir/obj/vmlinux" >"$dir/size.txt"
grep -E 'objtool|warning: ' "$dir/build.log" | sed "s|$PWD/$dir/||g" >"$dir/objtool.txt" || true
printf '%s %s %s build_seconds=%s\n' "$SERIES_PKG" "$SERIES_VERSION" "$variant" "$secs" >"$dir/version.txt"
echo "$stamp" >"$dir/stamp"
echo "$tag: done in ${secs}s"
