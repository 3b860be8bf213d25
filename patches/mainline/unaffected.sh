#!/usr/bin/env bash
# One-off check (not in CI yet): kernels without CONFIG_XEN_PV get the same
# code with and without the mainline series.  Compiles a few objects full of
# pv-op sites in a stock and in a patched 7.3 tree for each config and
# compares their disassembly and their .altinstructions /
# .altinstr_replacement.  Expected: "same" for kvm-smp and kvm-up (PARAVIRT
# without XEN_PV); "DIFFERS" for xenpv-smp, the control that the comparison
# sees the change.
#   patches/mainline/unaffected.sh [OUTDIR]    default build/linux-mainline/unaffected
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/deps.sh linux
tarball=$(patches/mainline/fetch-source.sh)
out=${1:-build/linux-mainline/unaffected}
rm -rf "$out"
mkdir -p "$out/stock"
objs=(kernel/sched/core.o kernel/fork.o mm/memory.o arch/x86/kernel/process_64.o
	arch/x86/mm/tlb.o arch/x86/kernel/paravirt.o kernel/locking/spinlock.o)

tar -xJf "$tarball" -C "$out/stock" --strip-components=1
cp -a "$out/stock" "$out/patched"
for p in patches/mainline/[0-9][0-9][0-9][0-9]-*.patch; do
	[ "${p##*/}" = 0000-cover-letter.patch ] || patch -d "$out/patched" -p1 -s <"$p"
done

declare -A CONFIGS=(
	[kvm-smp]="CONFIG_64BIT=y CONFIG_SMP=y CONFIG_HYPERVISOR_GUEST=y CONFIG_PARAVIRT=y CONFIG_KVM_GUEST=y"
	[kvm-up]="CONFIG_64BIT=y CONFIG_SMP=n CONFIG_HYPERVISOR_GUEST=y CONFIG_PARAVIRT=y CONFIG_KVM_GUEST=y"
	[xenpv-smp]="CONFIG_64BIT=y CONFIG_SMP=y CONFIG_HYPERVISOR_GUEST=y CONFIG_PARAVIRT=y CONFIG_XEN=y CONFIG_XEN_PV=y"
)
for cfg in "${!CONFIGS[@]}"; do
	for v in stock patched; do
		o=$PWD/$out/$cfg-$v
		mk=(nice -n 19 make -C "$out/$v" O="$o" ARCH=x86_64 -j"${LINUX_JOBS:-2}" -s)
		"${mk[@]}" tinyconfig >/dev/null
		printf '%s\n' ${CONFIGS[$cfg]} >>"$o/.config"
		"${mk[@]}" olddefconfig >/dev/null
		# -k: an object a config does not build (spinlock.o without SMP
		# fails with -Werror) is reported as missing, not fatal.
		"${mk[@]}" -k "${objs[@]}" >"$o.log" 2>&1 || true
	done
	for obj in "${objs[@]}"; do
		if [ ! -f "$out/$cfg-stock/$obj" ] || [ ! -f "$out/$cfg-patched/$obj" ]; then
			echo "$cfg $obj: not built (see $out/$cfg-*.log)"
			continue
		fi
		for v in stock patched; do
			f=$out/$cfg-$v/$obj
			objdump -d --no-show-raw-insn -r "$f" | tail -n +3 >"$out/$cfg-$v.$(basename "$obj").dis"
			objdump -s -j .altinstructions -j .altinstr_replacement "$f" 2>/dev/null | tail -n +3 \
				>"$out/$cfg-$v.$(basename "$obj").alt" || true
		done
		b=$out/$cfg-%s.$(basename "$obj")
		if cmp -s "$(printf "$b" stock).dis" "$(printf "$b" patched).dis" &&
			cmp -s "$(printf "$b" stock).alt" "$(printf "$b" patched).alt"; then
			echo "$cfg $obj: same code, same alternatives"
		else
			echo "$cfg $obj: DIFFERS (diff $(printf "$b" stock).dis $(printf "$b" patched).dis)"
		fi
	done
done
