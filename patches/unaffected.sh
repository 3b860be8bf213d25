#!/usr/bin/env bash
# One-off check (not in CI, ~3 min): builds without CONFIG_XEN_PV, and
# Xen PV builds without CONFIG_SMP, get the same code with and without the
# series.  Compiles a few objects full of pv-op sites in a stock and in a
# patched tree for each config and compares their disassembly and their
# .parainstructions.  Expected: all the same, except paravirt.o of the Xen
# PV builds (the hook call) and, as a control that the comparison sees a
# change, the objects of the Xen PV SMP build that disable interrupts.
#   patches/unaffected.sh [OUTDIR]      default build/linux/unaffected
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh linux
out=${1:-build/linux/unaffected}
rm -rf "$out"
mkdir -p "$out"
objs=(kernel/sched/core.o kernel/fork.o mm/memory.o arch/x86/kernel/process_64.o
	arch/x86/mm/tlb.o arch/x86/kernel/paravirt.o)

tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$out"
mv "$out/linux-source-6.1" "$out/stock"
cp -a "$out/stock" "$out/patched"
for p in patches/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] || patch -d "$out/patched" -p1 -s <"$p"
done

# name: options merged into tinyconfig
declare -A CONFIGS=(
	[kvm-smp]="CONFIG_64BIT=y CONFIG_SMP=y CONFIG_HYPERVISOR_GUEST=y CONFIG_PARAVIRT=y CONFIG_KVM_GUEST=y"
	[xenpv-up]="CONFIG_64BIT=y CONFIG_SMP=n CONFIG_HYPERVISOR_GUEST=y CONFIG_PARAVIRT=y CONFIG_XEN=y CONFIG_XEN_PV=y"
	[xenpv-smp]="CONFIG_64BIT=y CONFIG_SMP=y CONFIG_HYPERVISOR_GUEST=y CONFIG_PARAVIRT=y CONFIG_XEN=y CONFIG_XEN_PV=y"
)
for cfg in "${!CONFIGS[@]}"; do
	for v in stock patched; do
		o=$PWD/$out/$cfg-$v
		mk=(nice -n 10 make -C "$out/$v" O="$o" ARCH=x86_64 -j"$(nproc)" -s)
		"${mk[@]}" tinyconfig >/dev/null
		printf '%s\n' ${CONFIGS[$cfg]} >>"$o/.config"
		"${mk[@]}" olddefconfig >/dev/null
		"${mk[@]}" "${objs[@]}" >"$o.log" 2>&1
	done
	for obj in "${objs[@]}"; do
		for v in stock patched; do
			objdump -d --no-show-raw-insn -r "$out/$cfg-$v/$obj" | tail -n +3 >"$out/$cfg-$v.$(basename "$obj").dis"
			objdump -s -j .parainstructions "$out/$cfg-$v/$obj" 2>/dev/null | tail -n +3 \
				>"$out/$cfg-$v.$(basename "$obj").pi" || true
		done
		b=$out/$cfg-%s.$(basename "$obj")
		if cmp -s "$(printf "$b" stock).dis" "$(printf "$b" patched).dis" &&
			cmp -s "$(printf "$b" stock).pi" "$(printf "$b" patched).pi"; then
			echo "$cfg $obj: same code, same sites"
		else
			echo "$cfg $obj: DIFFERS (diff $(printf "$b" stock).dis $(printf "$b" patched).dis)"
		fi
	done
done
