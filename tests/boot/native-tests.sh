# Native boot tests: sourced by tests/run-all.sh (needs tests/lib.sh).
# Each boot is a real QEMU run of build/pvkit.elf through its PVH entry.

native_case() {	# native_case NAME MACHINE CMDLINE CHECK...   (KERNEL=elf, SMP=n)
	local name=$1 machine=$2 cmdline=$3 log=$OUT/native/$1.log
	shift 3
	if ! tests/boot/native-boot.sh -o "$log" -m "$machine" -t 60 -a "$cmdline" \
		-k "${KERNEL:-build/pvkit.elf}" -s "${SMP:-1}"; then
		t_fail "$name" "QEMU did not exit by itself" "$log"
		return
	fi
	t_check "$name" "$log" "$@"
}

SUCCESS_CHECKS=(
	"has:^pvkit: probe: entry=pvh .*-> backend native"
	"has:^pvkit: backend=native cpus=1 tests=([0-9]+)/\\1\$"
	"lacks: FAIL\$"
	"last:Test result: SUCCESS"
)

native_case native-pc-boot pc "" "${SUCCESS_CHECKS[@]}"
native_case native-q35-boot q35 "" "${SUCCESS_CHECKS[@]}" \
	"has:^pvkit: acpi: PM1a_CNT=0x[0-9a-f]+ S5=found" \
	"has:^pvkit: test cpu.gdt_entry_loaded +PASS\$" \
	"has:^pvkit: test cpu.ldt_entry_loaded +PASS\$" \
	"has:^pvkit: test native.load_sp0_sets_tss_rsp0 +PASS\$"
native_case native-pvpatch-inline pc "pvpatch=inline" "${SUCCESS_CHECKS[@]}" \
	"has:^pvkit: patch: mode=inline sites=([0-9]+) inlined=[1-9][0-9]* calls=[0-9]+ nops=[0-9]+ left=0\$" \
	"has:^pvkit: test native.irq_disable_sites +PASS\$" \
	"has:^pvkit: test irq.sites_keep_registers +PASS\$"
native_case native-pvpatch-call q35 "pvpatch=call" "${SUCCESS_CHECKS[@]}" \
	"has:^pvkit: patch: mode=call sites=([0-9]+) inlined=0 calls=\\1 nops=0 left=0\$" \
	"has:^pvkit: test native.irq_disable_sites +PASS\$"
native_case native-pvpatch-off q35 "pvpatch=off" "${SUCCESS_CHECKS[@]}" \
	"has:^pvkit: patch: mode=off sites=([0-9]+) inlined=0 calls=0 nops=0 left=\\1\$" \
	"has:^pvkit: test native.irq_disable_sites +PASS\$"
native_case native-pvpatch-bad q35 "pvpatch=sometimes" "${SUCCESS_CHECKS[@]}" \
	"has:bad value 'sometimes' for option 'pvpatch'" \
	"has:^pvkit: patch: mode=inline "

# build/pvkit.sites lists every site the kernel patched (its own and the
# benchmark copies), in the stated format.
inline_log=$OUT/native/native-pvpatch-inline.log
sites_total=$(sed -n 's/^pvkit: patch: mode=inline sites=\([0-9]*\) .*/\1/p' "$inline_log")
bench_copies=$(sed -n 's/^pvkit: patch: \([0-9]*\) benchmark copies .*/\1/p' "$inline_log")
if ! grep -Evq '^[0-9a-f]{16} [a-z_0-9]+ [0-9]+$' build/pvkit.sites &&
	[ -n "$sites_total" ] && [ -n "$bench_copies" ] &&
	[ "$(wc -l <build/pvkit.sites)" -eq $((sites_total + bench_copies)) ] &&
	[ "$(awk '$2 == "irq_disable" && $3 != 9' build/pvkit.sites | wc -l)" -eq 0 ]; then
	t_pass patch-map-lists-every-site
else
	t_fail patch-map-lists-every-site "build/pvkit.sites has $(wc -l <build/pvkit.sites) lines, the kernel patched ${sites_total:-?} sites and ${bench_copies:-?} benchmark copies"
fi

# DEBUG_PARAVIRT: with every op poisoning what its sites may lose, callers
# must still be right where sites are calls (off, call).
for mode in off call; do
	KERNEL=build/debug/pvkit.elf native_case native-debug-paravirt-$mode q35 "pvpatch=$mode" \
		"${SUCCESS_CHECKS[@]}" \
		"has:^pvkit: DEBUG_PARAVIRT: every op poisons" \
		"has:^pvkit: test debug.clobbers_poisoned +PASS\$"
done

native_case native-bench q35 "bench" "${SUCCESS_CHECKS[@]}" \
	"has:^pvkit: bench: irq_pair mode=native cycles=" \
	"has:^pvkit: bench: percpu_inc mode=inline cycles=" \
	"has:^pvkit: site: addr=0x[0-9a-f]+ op=irq_disable bytes=fa"

# SMP: every CPU started (INIT-SIPI-SIPI), each with its own %gs area, GDT,
# TSS and local APIC; the SMP self-tests run on all of them (SKIP with one).
SMP_CHECKS=(
	"has:^pvkit: test smp.ipi_reaches_every_cpu +PASS\$"
	"has:^pvkit: test smp.percpu_counters_sum +PASS\$"
	"has:^pvkit: test smp.irq_flag_is_per_cpu +PASS\$"
	"has:^pvkit: test smp.tlb_shootdown_on_every_cpu +PASS\$"
	"has:^pvkit: test native.ipi_each_cpu +PASS\$"
	"lacks: FAIL\$" "last:Test result: SUCCESS"
)
native_case native-smp-1 q35 "" "${SUCCESS_CHECKS[@]}" \
	"has:^pvkit: smp: 1 of 1 CPUs online\$" \
	"has:^pvkit: test smp.ipi_reaches_every_cpu +SKIP\$"
for n in 2 4; do
	machine=$([ $n = 2 ] && echo pc || echo q35)
	SMP=$n native_case native-smp-$n $machine "" "${SMP_CHECKS[@]}" \
		"has:^pvkit: smp: $n of $n CPUs online\$" \
		"has:^pvkit: backend=native cpus=$n tests=([0-9]+)/\\1\$"
done
SMP=4 native_case native-smp-maxcpus q35 "maxcpus=2" "${SMP_CHECKS[@]}" \
	"has:^pvkit: smp: 4 CPUs present, maxcpus=2: CPUs 2 to 3 stay down\$" \
	"has:^pvkit: backend=native cpus=2 tests=([0-9]+)/\\1\$"
# A CPU that never says it is up: reported, left down, the boot goes on.
SMP=3 native_case native-smp-cpu-hang q35 "fail=cpu-hang" \
	"has:^pvkit: smp: cpu 1 did not come up within 3000 ms: it and the 1 after it stay down\$" \
	"has:^pvkit: backend=native cpus=1 tests=([0-9]+)/\\1\$" \
	"last:Test result: SUCCESS"
# More CPUs than this kernel supports: said plainly, the rest stay down.
SMP=10 native_case native-smp-more-than-supported q35 "" "${SMP_CHECKS[@]}" \
	"has:^pvkit: smp: 10 CPUs present, this kernel supports 8 \\(MAX_CPUS\\): CPUs 8 to 9 stay down\$" \
	"has:^pvkit: smp: 8 of 8 CPUs online\$" \
	"has:^pvkit: backend=native cpus=8 tests=([0-9]+)/\\1\$"

# The console shell over the serial line: typed commands answer, poweroff ends it.
shell_log=$OUT/native/native-console-shell.log
if tests/boot/native-shell.sh -o "$shell_log" "Test result: SUCCESS=percpu" \
	"pvkit: percpu:=bogus" "unknown command=poweroff"; then
	t_check native-console-shell "$shell_log" \
		"has:^pvkit: stay: after the result" \
		"has:^pvkit: percpu: cpu 0, %gs base 0x[0-9a-f]+, " \
		"has:^unknown command 'bogus' \\(try help\\)\$" \
		"last:pvkit> poweroff"
else
	t_fail native-console-shell "QEMU did not exit by itself" "$shell_log"
fi

native_case native-bad-cmdline q35 'fail=maybe =oops nosuch fail="unterminated' \
	"has:bad value 'maybe' for option 'fail'" \
	"has:malformed option '=oops'" \
	"has:unknown option 'nosuch'" \
	"has:unterminated quote" \
	"${SUCCESS_CHECKS[@]}"
native_case native-forced-selftest-failure q35 "fail=selftest" \
	"has:^pvkit: test core.forced_failure +FAIL\$" \
	"has:^pvkit: backend=native cpus=1 tests=([0-9]+)/([0-9]+)\$" \
	"lacks:tests=([0-9]+)/\\1\$" \
	"last:Test result: FAILURE"
native_case native-forced-panic pc "fail=panic" \
	"has:^pvkit: PANIC: forced by fail=panic" \
	"has:^pvkit:   \\[<0x[0-9a-f]+>\\] pvkit_main\\+0x[0-9a-f]+\$" \
	"lacks:^pvkit: backend=" \
	"last:Test result: FAILURE"

# A kernel that never stops must be reported as a hang, not waited for.
hang_log=$OUT/native/native-hang-detected.log
if tests/boot/native-boot.sh -o "$hang_log" -t 8 -a "fail=hang" 2>"$OUT/native/hang.err"; then
	t_fail native-hang-detected "a hanging kernel was not reported" "$hang_log"
elif grep -q "no exit after 8s" "$OUT/native/hang.err" &&
	grep -q "^pvkit: hanging as asked" "$hang_log"; then
	t_pass native-hang-detected
else
	t_fail native-hang-detected "no timeout report" "$OUT/native/hang.err"
fi
