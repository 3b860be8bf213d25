#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One-off objtool check of the mainline series with IBT, return thunks,
# retpolines, call depth tracking and modules on (patches/hardened.config
# after patches/linux.config), in the trees build-linux.sh left:
#   patches/scripts/objtool-hardened.sh stock|patched
# Output: build/linux/mainline/VARIANT-hardened/{build.log,objtool.txt}.
set -euo pipefail
cd "$(dirname "$0")/../.."
v=${1:?stock|patched}
src=build/linux/mainline/$v/src
out=build/linux/mainline/$v-hardened
[ -d "$src" ] || { echo "run patches/scripts/build-linux.sh mainline $v first" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out"
mk=(nice -n 19 make -C "$src" O="$PWD/$out/obj" ARCH=x86_64 -j"${LINUX_JOBS:-2}")
"${mk[@]}" -s tinyconfig >"$out/build.log" 2>&1
grep -h '^CONFIG_' patches/linux.config patches/hardened.config >>"$out/obj/.config"
"${mk[@]}" -s olddefconfig >>"$out/build.log" 2>&1
grep -h '^CONFIG_' patches/hardened.config | while read -r opt; do
	grep -qx "$opt" "$out/obj/.config" || echo "objtool-hardened: $opt did not stick" | tee -a "$out/build.log"
done
"${mk[@]}" vmlinux modules >>"$out/build.log" 2>&1
grep -E 'warning: objtool|error: objtool' "$out/build.log" | sed "s|$PWD/||g" >"$out/objtool.txt" || true
echo "objtool-hardened: $v: $(wc -l <"$out/objtool.txt") objtool lines (in $out/objtool.txt)"
