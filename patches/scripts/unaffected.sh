#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Kernels without CONFIG_XEN_PV get the same code with and without a series.
#   patches/scripts/unaffected.sh mainline|6.1 [CONFIG...]
# CONFIG: kvm-smp, kvm-up (PARAVIRT and KVM_GUEST without XEN_PV; default
# kvm-smp) or xenpv-up (XEN_PV without SMP, reported only).  In the stock
# and the patched source trees build-linux.sh leaves (both carry the same
# test probe, so the series is the only difference), compiles a few objects
# full of pv-op sites for each config and compares their disassembly and
# their patch-site sections (.altinstructions and .altinstr_replacement;
# .parainstructions on 6.1).  The control: the same objects of the two Xen
# PV test kernels must differ somewhere, or the comparison sees nothing.
# Output in build/linux/SERIES/unaffected/ (object trees cached in
# unaffected-objects/); exits 1 if a kvm-* object
# differs, was built for neither variant, or the control sees no change.
set -euo pipefail
cd "$(dirname "$0")/../.."
series=${1:-}
shift || true
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(kvm-smp)
. patches/scripts/series.sh "$series"
for v in stock patched; do patches/scripts/build-linux.sh "$series" "$v" >/dev/null; done
# The reports go to out/ afresh; the object trees stay in cache/, each
# kept while its kernel's stamp, its config and this script are the same.
out=$SERIES_BUILD/unaffected
cache=$SERIES_BUILD/unaffected-objects
rm -rf "$out"
mkdir -p "$out" "$cache"
objs=(kernel/sched/core.o kernel/fork.o mm/memory.o arch/x86/kernel/process_64.o
	arch/x86/mm/tlb.o arch/x86/kernel/paravirt.o kernel/locking/spinlock.o)
base="CONFIG_64BIT=y CONFIG_HYPERVISOR_GUEST=y CONFIG_PARAVIRT=y"
declare -A OPTIONS=(
	[kvm-smp]="$base CONFIG_SMP=y CONFIG_KVM_GUEST=y"
	[kvm-up]="$base CONFIG_SMP=n CONFIG_KVM_GUEST=y"
	[xenpv-up]="$base CONFIG_SMP=n CONFIG_XEN=y CONFIG_XEN_PV=y"
)

# dump OBJECT OUTPREFIX: its code and its patch-site sections, as text.
dump() {
	objdump -d --no-show-raw-insn -r "$1" | tail -n +3 >"$2.dis"
	objdump -s -j .altinstructions -j .altinstr_replacement -j .parainstructions "$1" 2>/dev/null |
		tail -n +3 >"$2.sites" || true
}

# compare NAME STOCK_OBJDIR PATCHED_OBJDIR: one line per object; sets
# same/differs/missing counts.
compare() {
	local name=$1 s=$2 p=$3 obj b
	same=0 differs=0 missing=0
	for obj in "${objs[@]}"; do
		b=$out/$name.$(basename "$obj" .o)
		if [ ! -f "$s/$obj" ] || [ ! -f "$p/$obj" ]; then
			echo "$name $obj: not built"
			missing=$((missing + 1))
			continue
		fi
		dump "$s/$obj" "$b-stock"
		dump "$p/$obj" "$b-patched"
		if cmp -s "$b-stock.dis" "$b-patched.dis" && cmp -s "$b-stock.sites" "$b-patched.sites"; then
			echo "$name $obj: same code, same patch sites"
			same=$((same + 1))
		else
			echo "$name $obj: DIFFERS (diff $b-stock.dis $b-patched.dis)"
			differs=$((differs + 1))
		fi
	done
}

fail=0
for cfg in "${configs[@]}"; do
	[ -n "${OPTIONS[$cfg]:-}" ] || { echo "unaffected: no config $cfg" >&2; exit 2; }
	for v in stock patched; do
		o=$PWD/$cache/$cfg-$v
		stamp=$( { cat "$SERIES_BUILD/$v/stamp"; echo "${OPTIONS[$cfg]} ${objs[*]}"
			grep -v '^[[:space:]]*#' "$0"; } | sha256sum | cut -c1-16)
		if [ -f "$o.stamp" ] && [ "$(cat "$o.stamp")" = "$stamp" ]; then
			echo "$cfg $v: objects up to date ($stamp)"
			continue
		fi
		rm -rf "$o" "$o.stamp"
		mk=(nice -n 19 make -C "$SERIES_BUILD/$v/src" O="$o" ARCH=x86_64 -j"${LINUX_JOBS:-2}" -s)
		"${mk[@]}" tinyconfig >"$o.log" 2>&1
		printf '%s\n' ${OPTIONS[$cfg]} >>"$o/.config"
		"${mk[@]}" olddefconfig >>"$o.log" 2>&1
		grep -q '^CONFIG_PARAVIRT=y' "$o/.config" || { echo "unaffected: $cfg: no PARAVIRT" >&2; exit 1; }
		# -k: an object a config does not build (spinlock.o without SMP)
		# is reported, not fatal.
		"${mk[@]}" -k "${objs[@]}" >>"$o.log" 2>&1 || true
		echo "$stamp" >"$o.stamp"
	done
	compare "$cfg" "$cache/$cfg-stock" "$cache/$cfg-patched"
	case $cfg in kvm-*)
		[ "$differs" -eq 0 ] && [ "$same" -gt 0 ] || fail=1 ;;
	esac
done
compare control-xenpv-smp "$SERIES_BUILD/stock/obj" "$SERIES_BUILD/patched/obj"
[ "$differs" -gt 0 ] || { echo "unaffected: the control shows no change: the comparison is blind"; fail=1; }
echo "unaffected: $SERIES_PKG $SERIES_VERSION: $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
