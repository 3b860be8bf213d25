#!/usr/bin/env bash
# Builds the small Xen PV test kernel from Debian experimental's
# linux-source-7.3 (version pinned in patches/mainline/source.mk, fetched by
# patches/mainline/fetch-source.sh):
#   patches/mainline/build-linux.sh stock|patched
# Both variants get the test probe (tests/patches/mainline/linux-probe.patch:
# the site dump and the in-kernel loop); "patched" gets the series
# patches/mainline/NNNN-*.patch first.
# Config: tinyconfig + patches/linux.config, as for 6.1.  Output in
# build/linux-mainline/VARIANT/: bzImage, vmlinux, System.map, .config,
# size.txt, version.txt, build.log, objtool.txt (the objtool lines of the
# log).  A stamp (hash of every input) skips the whole job when nothing
# changed; otherwise the tree is unpacked afresh and built clean, at low
# priority (nice 19; LINUX_JOBS, default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."

variant=${1:-}
case $variant in stock|patched) ;; *) echo "usage: $0 stock|patched" >&2; exit 2 ;; esac

tools/deps.sh linux
# shellcheck source=source.mk
. patches/mainline/source.mk
tarball=$(patches/mainline/fetch-source.sh)

series=()
if [ "$variant" = patched ]; then
	for p in patches/mainline/[0-9][0-9][0-9][0-9]-*.patch; do
		[ "${p##*/}" = 0000-cover-letter.patch ] || series+=("$p")
	done
fi
probe=tests/patches/mainline/linux-probe.patch
inputs=("$0" patches/mainline/source.mk patches/linux.config "$probe" "${series[@]}")

dir=build/linux-mainline/$variant
stamp=$(printf '%s\n' "$LINUX_MAINLINE_PKG" "$LINUX_MAINLINE_VERSION" "$variant" |
	cat - "${inputs[@]}" | sha256sum | cut -c1-16)
if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ] && [ -f "$dir/bzImage" ]; then
	echo "build-linux: mainline $variant is up to date ($stamp)"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir/src"
echo "build-linux: mainline $variant: unpacking $LINUX_MAINLINE_PKG $LINUX_MAINLINE_VERSION"
tar -xJf "$tarball" -C "$dir/src" --strip-components=1
# patch(1) here, which is fast; that the series applies with git am to a
# pristine git tree of the source is checked apart
# (patches/mainline/check-series.sh).
for p in "${series[@]}" "$probe"; do
	echo "build-linux: mainline $variant: applying $p"
	patch -d "$dir/src" -p1 -s --no-backup-if-mismatch <"$p"
done

mk=(nice -n 19 make -C "$dir/src" O="$PWD/$dir/obj" ARCH=x86_64 -j"${LINUX_JOBS:-2}")
"${mk[@]}" -s tinyconfig >"$dir/build.log" 2>&1
grep '^CONFIG_' patches/linux.config >>"$dir/obj/.config"
"${mk[@]}" -s olddefconfig >>"$dir/build.log" 2>&1
while read -r opt; do
	line=$opt
	[ "${opt%=n}" = "$opt" ] || line="# ${opt%=n} is not set"
	grep -qx "$line" "$dir/obj/.config" ||
		{ echo "build-linux: mainline $variant: $opt did not stick in .config" >&2; exit 1; }
done < <(grep '^CONFIG_' patches/linux.config)

echo "build-linux: mainline $variant: building (log in $dir/build.log)"
start=$(date +%s)
if ! "${mk[@]}" bzImage >>"$dir/build.log" 2>&1; then
	tail -n 30 "$dir/build.log" >&2
	echo "build-linux: mainline $variant: build failed" >&2
	exit 1
fi
secs=$(($(date +%s) - start))
cp "$dir/obj/arch/x86/boot/bzImage" "$dir/obj/vmlinux" "$dir/obj/System.map" "$dir/obj/.config" "$dir/"
size "$dir/obj/vmlinux" >"$dir/size.txt"
# objtool's findings, without the object's path prefix, for stock/patched diffs.
grep -E 'objtool|warning: ' "$dir/build.log" | sed "s|$PWD/$dir/||g" >"$dir/objtool.txt" || true
printf '%s %s %s build_seconds=%s\n' "$LINUX_MAINLINE_PKG" "$LINUX_MAINLINE_VERSION" "$variant" "$secs" >"$dir/version.txt"
echo "$stamp" >"$dir/stamp"
echo "build-linux: mainline $variant: done in ${secs}s"
