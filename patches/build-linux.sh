#!/usr/bin/env bash
# Builds the small Xen PV test kernel from Debian's linux-source-6.1:
#   patches/build-linux.sh stock|patched
# Both variants get the test probe (tests/patches/linux-probe.patch: the site
# dump and the in-kernel loop); "patched" gets the series patches/*.patch
# first.  Output in build/linux/VARIANT/: bzImage, System.map, size.txt,
# version.txt, build.log.  A stamp (hash of every input) skips the whole job
# when nothing changed; otherwise the tree is unpacked afresh and built clean.
set -euo pipefail
cd "$(dirname "$0")/.."

variant=${1:-}
case $variant in stock|patched) ;; *) echo "usage: $0 stock|patched" >&2; exit 2 ;; esac

tools/deps.sh linux
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || { echo "build-linux: $tarball missing" >&2; exit 1; }
pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.1)

# The series: patches/NNNN-*.patch in order, less the cover letter.
series=()
if [ "$variant" = patched ]; then
	for p in patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ "${p##*/}" = 0000-cover-letter.patch ] || series+=("$p")
	done
fi
probe=tests/patches/linux-probe.patch
inputs=("$0" patches/linux.config "$probe" "${series[@]}")

dir=build/linux/$variant
stamp=$(printf '%s\n' "$pkgver" "$variant" | cat - "${inputs[@]}" | sha256sum | cut -c1-16)
if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ] && [ -f "$dir/bzImage" ]; then
	echo "build-linux: $variant is up to date ($stamp)"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir/src"
echo "build-linux: $variant: unpacking linux-source-6.1 $pkgver"
tar -xJf "$tarball" -C "$dir/src" --strip-components=1
for p in "${series[@]}" "$probe"; do
	echo "build-linux: $variant: applying $p"
	patch -d "$dir/src" -p1 -s --no-backup-if-mismatch <"$p"
done

# tinyconfig, then the fragment; olddefconfig fills in what the fragment's
# options pull in.  Every fragment line must survive, or the build is not
# the guest we meant.
mk=(nice -n 10 make -C "$dir/src" O="$PWD/$dir/obj" ARCH=x86_64 -j"$(nproc)")
"${mk[@]}" -s tinyconfig >"$dir/build.log" 2>&1
grep '^CONFIG_' patches/linux.config >>"$dir/obj/.config"
"${mk[@]}" -s olddefconfig >>"$dir/build.log" 2>&1
while read -r opt; do
	line=$opt
	[ "${opt%=n}" = "$opt" ] || line="# ${opt%=n} is not set"
	grep -qx "$line" "$dir/obj/.config" ||
		{ echo "build-linux: $variant: $opt did not stick in .config" >&2; exit 1; }
done < <(grep '^CONFIG_' patches/linux.config)

echo "build-linux: $variant: building (log in $dir/build.log)"
start=$(date +%s)
if ! "${mk[@]}" bzImage >>"$dir/build.log" 2>&1; then
	tail -n 30 "$dir/build.log" >&2
	echo "build-linux: $variant: build failed" >&2
	exit 1
fi
secs=$(($(date +%s) - start))
cp "$dir/obj/arch/x86/boot/bzImage" "$dir/obj/System.map" "$dir/obj/.config" "$dir/"
size "$dir/obj/vmlinux" >"$dir/size.txt"
printf 'linux-source-6.1 %s %s build_seconds=%s\n' "$pkgver" "$variant" "$secs" >"$dir/version.txt"
echo "$stamp" >"$dir/stamp"
echo "build-linux: $variant: done in ${secs}s"
