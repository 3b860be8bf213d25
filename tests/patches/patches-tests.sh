# patches/ tests: sourced by tests/run-all.sh and tests/patches/check.sh
# (needs tests/lib.sh and $OUT).  The Linux 6.1 series applies to a fresh
# unpack and is checkpatch clean; the stock and the patched kernel build,
# boot as Xen PV domUs (1 and 2 vCPUs) and natively under QEMU; the sites
# the running kernels report hold the inline store on Xen and cli natively;
# the figures of the run are printed.
# PVKIT_PATCHES_FIGURES_ONLY=1 skips the source checks (make run-patches).

PT_OUT=$OUT/patches
rm -rf "$PT_OUT"
mkdir -p "$PT_OUT/xen" "$PT_OUT/native"

# The series applies with patch(1) to a freshly unpacked tarball, and
# checkpatch (from that tree) has nothing to say about any patch.
pt_source_checks() {
	local fresh=$PT_OUT/fresh p log
	mkdir -p "$fresh"
	if ! tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$fresh" --strip-components=1 2>"$PT_OUT/unpack.log"; then
		t_fail patches-unpack "cannot unpack linux-source-6.1" "$PT_OUT/unpack.log"
		return
	fi
	for p in patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ "${p##*/}" = 0000-cover-letter.patch ] && continue
		if ! patch -d "$fresh" -p1 --no-backup-if-mismatch <"$p" >>"$PT_OUT/apply.log" 2>&1; then
			t_fail patches-apply "$p does not apply to a fresh unpack" "$PT_OUT/apply.log"
			rm -rf "$fresh"
			return
		fi
	done
	t_pass patches-apply
	for p in patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ "${p##*/}" = 0000-cover-letter.patch ] && continue
		log=$PT_OUT/checkpatch-$(basename "$p" .patch).log
		(cd "$fresh" && scripts/checkpatch.pl --strict "$OLDPWD/$p") >"$log" 2>&1
		t_check "patches-checkpatch/$(basename "$p")" "$log" \
			"has:^total: 0 errors, 0 warnings, 0 checks, [0-9]+ lines checked$"
	done
	rm -rf "$fresh"
}

# One guest's run: its exit, its end marker, and its site dump.
pt_guest() {	# pt_guest NAME LOG GOT_REASON WANT_REASON SITES_MODE [DISP]
	local name=$1 log=$2 got=$3 want=$4
	shift 4
	if [ "$got" != "$want" ]; then
		t_fail "$name" "ended with '$got', want '$want'" "$log"
		return
	fi
	t_check "$name" "$log" "has:pvtest: end" "lacks:pvtest: error"
	if tests/patches/sites.py "$log" "$@" >"$log.sites" 2>&1; then
		t_pass "$name/sites-$1 ($(cat "$log.sites"))"
	else
		t_fail "$name/sites-$1" "$(cat "$log.sites")"
	fi
}

pt_run() {
	local v n disp got guests=()
	if ! tools/deps.sh linux native xen >"$PT_OUT/deps.log" 2>&1; then
		t_fail patches-deps "the build or boot packages are missing and could not be installed" "$PT_OUT/deps.log"
		return
	fi
	[ "${PVKIT_PATCHES_FIGURES_ONLY:-0}" = 1 ] || pt_source_checks

	if ! make -s build/linux/initrd.cpio >"$PT_OUT/initrd.log" 2>&1; then
		t_fail patches-initrd "the test initramfs does not build" "$PT_OUT/initrd.log"
		return
	fi
	for v in stock patched; do
		if ! patches/build-linux.sh "$v" >"$PT_OUT/build-$v.log" 2>&1; then
			t_fail "patches-build-$v" "the $v kernel does not build" "$PT_OUT/build-$v.log"
			return
		fi
		t_pass "patches-build-$v ($(tail -n 1 "$PT_OUT/build-$v.log"))"
	done

	for n in 1 2; do
		for v in stock patched; do
			guests+=("$v$n=tests/patches/$v-$n.cfg")
		done
	done
	if ! tests/xen-harness/run-xen.sh -o "$PT_OUT/xen" -t 180 -T 900 \
		"${guests[@]}" 2>"$PT_OUT/xen-harness.err"; then
		t_fail patches-xen-harness "Xen did not run the guests" "$PT_OUT/xen-harness.err"
	fi
	for n in 1 2; do
		for v in stock patched; do
			tests/patches/run-native.sh "build/linux/$v/bzImage" \
				"$PT_OUT/native/$v$n.log" "$n"
			echo $? >"$PT_OUT/native/$v$n.rc"
		done
	done

	# The store's displacement is the per-cpu address of xen_vcpu_info's
	# evtchn_upcall_mask (offset 1), read from the patched kernel's map.
	disp=$(awk '$3 == "xen_vcpu_info" { print $1 }' build/linux/patched/System.map)
	disp=$(printf '0x%x' $((0x${disp:-0} + 1)))
	for n in 1 2; do
		for v in stock patched; do
			got=$(cat "$PT_OUT/xen/$v$n.reason" 2>/dev/null || echo missing)
			if [ "$v" = patched ]; then
				pt_guest "patches-xen-$v-${n}vcpu" "$PT_OUT/xen/$v$n.console" "$got" poweroff xen-inline "$disp"
			else
				pt_guest "patches-xen-$v-${n}vcpu" "$PT_OUT/xen/$v$n.console" "$got" poweroff xen-call
			fi
			got=$(cat "$PT_OUT/native/$v$n.rc")
			[ "$got" = 0 ] && got=exit
			pt_guest "patches-native-$v-${n}vcpu" "$PT_OUT/native/$v$n.log" "$got" exit native
		done
	done

	if tests/patches/figures.py "$PT_OUT" >"$PT_OUT/figures.txt" 2>&1; then
		t_pass patches-figures
	else
		t_fail patches-figures "figures missing" "$PT_OUT/figures.txt"
	fi
	sed 's/^/  | /' "$PT_OUT/figures.txt"
}

pt_run
