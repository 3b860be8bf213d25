# Xen boot tests: sourced by tests/run-all.sh (needs tests/lib.sh and the
# native tests' logs).  One Xen + dom0 boot in QEMU runs every config with
# `xl create -F`; the harness hands back each console log and shutdown reason.

XEN_OUT=$OUT/xen
XEN_GUESTS=(
	boot=domU-configs/pvkit.cfg
	call=domU-configs/pvkit-pvpatch-call.cfg
	off=domU-configs/pvkit-pvpatch-off.cfg
	bench=domU-configs/pvkit-bench.cfg
	onevcpu=domU-configs/pvkit-1vcpu.cfg
	twovcpu=domU-configs/pvkit-2vcpu.cfg
	fourvcpu=domU-configs/pvkit-4vcpu.cfg
	tenvcpu=domU-configs/pvkit-10vcpu.cfg
	cpuhang=domU-configs/pvkit-2vcpu-cpu-hang.cfg
	xlshutdown=domU-configs/pvkit-stay.cfg
	xlreboot=domU-configs/pvkit-stay.cfg
	xlrestart=domU-configs/pvkit-stay-restart.cfg
	shell=domU-configs/pvkit-stay.cfg
	dumpcore=domU-configs/pvkit-stay.cfg
	saverestore=domU-configs/pvkit-stay.cfg
	saverestore2=domU-configs/pvkit-2vcpu-stay.cfg
	debugoff=domU-configs/pvkit-debug-off.cfg
	debugcall=domU-configs/pvkit-debug-call.cfg
	mem512=domU-configs/pvkit-512m.cfg
	badopts=domU-configs/pvkit-bad-cmdline.cfg
	fail=domU-configs/pvkit-fail-selftest.cfg
	panic=domU-configs/pvkit-fail-panic.cfg
	hang=domU-configs/pvkit-fail-hang.cfg
)

xen_case() {	# xen_case TEST GUEST REASON CHECK...
	local name=$1 guest=$2 want=$3 got
	shift 3
	got=$(cat "$XEN_OUT/$guest.reason" 2>/dev/null || echo missing)
	if [ "$got" != "$want" ]; then
		t_fail "$name" "shutdown reason '$got', want '$want'" "$XEN_OUT/$guest.console"
		return
	fi
	t_check "$name" "$XEN_OUT/$guest.console" "$@"
}

XEN_SUCCESS=(
	"has:^pvkit: probe: entry=xen-pv hypervisor=XenVMMXenVMM -> backend xen-pv"
	"has:^pvkit: backend=xen-pv cpus=1 tests=([0-9]+)/\\1\$"
	"lacks: FAIL\$"
	"last:Test result: SUCCESS"
)

if ! tools/deps.sh xen >"$OUT/xen-deps.log" 2>&1; then
	t_fail xen-harness "the Xen packages are not installed and could not be" "$OUT/xen-deps.log"
elif ! tests/xen-harness/run-xen.sh -o "$XEN_OUT" -t 30 -T 480 \
	-x "xlshutdown=shutdown@Test result: SUCCESS" -x "xlreboot=reboot@Test result: SUCCESS" \
	-x "shell=type:percpu@Test result: SUCCESS" -x "shell=type:bogus@pvkit: percpu:" \
	-x "shell=type:poweroff@unknown command" \
	-x "dumpcore=dump-core@Test result: SUCCESS" -x "dumpcore=shutdown@Test result: SUCCESS" \
	-x "saverestore=save-restore@Test result: SUCCESS" \
	-x "saverestore=shutdown@Test result: SUCCESS" \
	-x "saverestore2=save-restore@Test result: SUCCESS" \
	-x "saverestore2=shutdown@Test result: SUCCESS" \
	-x "xlrestart=reboot@Test result: SUCCESS" -x "xlrestart=shutdown@Test result: SUCCESS" \
	"${XEN_GUESTS[@]}" \
	2>"$OUT/xen-harness.err"; then
	t_fail xen-harness "Xen did not run the guests" "$OUT/xen-harness.err"
else
	# The guest writes CRLF for terminals; compare lines without the CR.
	sed -i 's/\r$//' "$XEN_OUT"/*.console
	xen_case xen-pv-boot boot poweroff "${XEN_SUCCESS[@]}" \
		"has:^pvkit: test xen.console_event_upcall +PASS\$" \
		"has:^pvkit: test cpu.gdt_entry_loaded +PASS\$" \
		"has:^pvkit: test cpu.ldt_entry_loaded +PASS\$" \
		"has:^pvkit: patch: io_delay +sites=([0-9]+) +inlined=0 +calls=0 +nops=\\1 " \
		"has:^pvkit: smp: 1 of 1 CPUs online\$"
	# The heart of it: vcpu_info at %gs:0x40, irq_disable sites are movb $1,%gs:0x41.
	xen_case xen-pvpatch-inline boot poweroff "${XEN_SUCCESS[@]}" \
		"has:^pvkit: xen: vcpu 0 vcpu_info at %gs:0x40 " \
		"has:^pvkit: patch: irq_disable +sites=([0-9]+) +inlined=\\1 +calls=0 +nops=0 +left=0\$" \
		"has:^pvkit: test xen.irq_disable_sites +PASS\$" \
		"has:^pvkit: test xen.event_pending_at_enable +PASS\$" \
		"has:^pvkit: test irq.sites_keep_registers +PASS\$"
	xen_case xen-pvpatch-call call poweroff "${XEN_SUCCESS[@]}" \
		"has:^pvkit: patch: mode=call sites=([0-9]+) inlined=0 calls=\\1 nops=0 left=0\$" \
		"has:^pvkit: test xen.irq_disable_sites +PASS\$"
	xen_case xen-pvpatch-off off poweroff "${XEN_SUCCESS[@]}" \
		"has:^pvkit: patch: mode=off sites=([0-9]+) inlined=0 calls=0 nops=0 left=\\1\$" \
		"has:^pvkit: test xen.irq_disable_sites +PASS\$"
	xen_case xen-bench bench poweroff "${XEN_SUCCESS[@]}" \
		"has:^pvkit: bench: irq_pair mode=inline cycles=" \
		"lacks:^pvkit: bench: [a-z_]+ mode=native"
	for mode in off call; do
		xen_case xen-debug-paravirt-$mode debug$mode poweroff "${XEN_SUCCESS[@]}" \
			"has:^pvkit: DEBUG_PARAVIRT: every op poisons" \
			"has:^pvkit: test debug.clobbers_poisoned +PASS\$"
	done
	# A guest that stays up answers xl shutdown and xl reboot (control/shutdown).
	xen_case xen-xl-shutdown xlshutdown poweroff "${XEN_SUCCESS[@]}" \
		"has:^pvkit: stay: after the result"
	xen_case xen-xl-reboot xlreboot reboot "${XEN_SUCCESS[@]}" \
		"has:^pvkit: stay: after the result"
	# With on_reboot="restart", xl reboot brings the guest back: two boots in one log.
	if [ "$(grep -c '^Test result: SUCCESS$' "$XEN_OUT/xlrestart.console")" != 2 ] ||
		! grep -q "Action for shutdown reason code 1 is restart" "$XEN_OUT/xlrestart.xl"; then
		t_fail xen-xl-reboot-restarts "want a restart and two SUCCESS results in the log" \
			"$XEN_OUT/xlrestart.xl"
	else
		xen_case xen-xl-reboot-restarts xlrestart poweroff "${XEN_SUCCESS[@]}"
	fi
	# Typed at the console (as in xl console): the shell answers, then powers off.
	xen_case xen-console-shell shell poweroff \
		"has:^pvkit> percpu\$" \
		"has:^pvkit: percpu: cpu 0, %gs base 0x[0-9a-f]+, " \
		"has:^unknown command 'bogus' \\(try help\\)\$" \
		"last:pvkit> poweroff"
	# xl dump-core of a running guest: the patched sites read back from its memory.
	if [ -s "$XEN_OUT/dumpcore.core" ] &&
		python3 tests/check-core.py "$XEN_OUT/dumpcore.core" build/pvkit.elf build/pvkit.sites \
			>"$OUT/check-core.txt" 2>&1; then
		t_pass xen-dump-core-shows-patched-sites
	else
		t_fail xen-dump-core-shows-patched-sites "no core, or sites not as patched" \
			"$OUT/check-core.txt"
	fi
	rm -f "$XEN_OUT/dumpcore.core"
	# xl save then xl restore: the restored guest checks its sites, passes its
	# self-tests a second time, and still answers xl shutdown.  With two vCPUs
	# the second gets its vcpu_info, timer and IPI channel back too.
	for guest in saverestore saverestore2; do
		name=xen-save-restore$([ $guest = saverestore2 ] && echo -2-vcpus)
		if ! grep -q "has shut down, reason code 2 " "$XEN_OUT/$guest.xl" ||
			! grep -q "Restore successful" "$XEN_OUT/$guest.xl"; then
			t_fail $name "xl save did not see a suspend, or xl restore failed" \
				"$XEN_OUT/$guest.xl"
		elif [ "$(grep -c '^Test result: SUCCESS$' "$XEN_OUT/$guest.console")" != 2 ]; then
			t_fail $name "want two SUCCESS results, before and after the restore" \
				"$XEN_OUT/$guest.console"
		elif [ $guest = saverestore2 ] && [ "$(grep -cE '^pvkit: test xen.smp_mask_byte_per_vcpu +PASS$' \
			"$XEN_OUT/$guest.console")" != 2 ]; then
			t_fail $name "the SMP self-tests did not pass after the restore" \
				"$XEN_OUT/$guest.console"
		else
			xen_case $name $guest poweroff \
				"has:^pvkit: backend=xen-pv cpus=[12] tests=([0-9]+)/\\1\$" \
				"lacks: FAIL\$" "last:Test result: SUCCESS" \
				"has:^pvkit: suspend: the host asks us to suspend\$" \
				"has:^pvkit: xen: resumed in a new domain: " \
				"has:^pvkit: resume: ([1-9][0-9]*) patched sites checked, 0 differ\$" \
				"has:^pvkit: test xen.xenstore_transaction_commit +PASS\$"
		fi
	done
	# SMP: every vCPU up, vcpu_info in each one's %gs area, the SMP tests run.
	xen_case xen-smp-1-vcpu onevcpu poweroff "${XEN_SUCCESS[@]}" \
		"has:^pvkit: +skipped: one CPU online\$" \
		"has:^pvkit: test smp.ipi_reaches_every_cpu +SKIP\$"
	for n in 2 4; do
		guest=$([ $n = 2 ] && echo twovcpu || echo fourvcpu)
		xen_case xen-smp-$n-vcpus $guest poweroff \
			"has:^pvkit: smp: $n of $n CPUs online\$" \
			"has:^pvkit: backend=xen-pv cpus=$n tests=([0-9]+)/\\1\$" \
			"has:^pvkit: test smp.ipi_reaches_every_cpu +PASS\$" \
			"has:^pvkit: test smp.percpu_counters_sum +PASS\$" \
			"has:^pvkit: test smp.irq_flag_is_per_cpu +PASS\$" \
			"has:^pvkit: test smp.tlb_shootdown_on_every_cpu +PASS\$" \
			"has:^pvkit: test xen.smp_mask_byte_per_vcpu +PASS\$" \
			"has:^pvkit: test xen.smp_each_vcpu_has_its_gdt +PASS\$" \
			"has:^pvkit: patch: irq_disable +sites=([0-9]+) +inlined=\\1 " \
			"lacks: FAIL\$" "last:Test result: SUCCESS"
	done
	xen_case xen-smp-vcpu-hang cpuhang poweroff \
		"has:^pvkit: smp: cpu 1 did not come up within 3000 ms: it and the 0 after it stay down\$" \
		"has:^pvkit: backend=xen-pv cpus=1 tests=([0-9]+)/\\1\$" \
		"last:Test result: SUCCESS"
	xen_case xen-smp-more-vcpus-than-supported tenvcpu poweroff \
		"has:^pvkit: smp: 10 CPUs present, this kernel supports 8 \\(MAX_CPUS\\): CPUs 8 to 9 stay down\$" \
		"has:^pvkit: smp: 8 of 8 CPUs online\$" \
		"has:^pvkit: backend=xen-pv cpus=8 tests=([0-9]+)/\\1\$" \
		"lacks: FAIL\$" "last:Test result: SUCCESS"
	xen_case xen-pv-512MiB mem512 poweroff "${XEN_SUCCESS[@]}" \
		"has:memory=512 MiB"
	xen_case xen-bad-cmdline badopts poweroff "${XEN_SUCCESS[@]}" \
		"has:bad value 'maybe' for option 'fail'" \
		"has:malformed option '=oops'" \
		"has:unknown option 'nosuch'"
	xen_case xen-forced-selftest-failure fail crash \
		"has:^pvkit: test core.forced_failure +FAIL\$" \
		"lacks:tests=([0-9]+)/\\1\$" \
		"last:Test result: FAILURE"
	xen_case xen-forced-panic panic crash \
		"has:^pvkit: PANIC: forced by fail=panic" \
		"has:^pvkit:   \\[<0x[0-9a-f]+>\\] pvkit_main\\+0x[0-9a-f]+\$" \
		"last:Test result: FAILURE"
	xen_case xen-hang-detected hang timeout \
		"has:^pvkit: hanging as asked"

	# The same image must run the same core tests in both boots (the
	# backends' own tests, native.* and xen.*, aside).
	core_tests() { sed -n 's/^pvkit: test \([^ ]*\) .*/\1/p' "$1" | grep -Ev '^(native|xen)\.' | sort; }
	native_tests=$(core_tests "$OUT/native/native-pc-boot.log")
	xen_tests=$(core_tests "$XEN_OUT/boot.console")
	missing=$(comm -23 <(echo "$native_tests") <(echo "$xen_tests"))
	if [ -z "$native_tests" ] || [ -n "$missing" ]; then
		t_fail native-xen-same-tests "tests run natively but not on Xen: ${missing:-none ran}"
	else
		t_pass native-xen-same-tests
	fi
fi
