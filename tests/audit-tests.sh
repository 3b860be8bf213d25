# The sensitive-instruction audit and the generated ops table: sourced by
# tests/run-all.sh (needs tests/lib.sh).

AUD=$OUT/audit
mkdir -p "$AUD"
if ! make -s --no-print-directory build/tools/audit >"$AUD/build.log" 2>&1; then
	t_fail audit-builds "tools/audit does not build" "$AUD/build.log"
else
	# The shipped image: no sensitive instruction outside .text.native*.
	if build/tools/audit build/pvkit.elf >"$AUD/shipped.txt" 2>&1 &&
		grep -q "; 0 escapes$" "$AUD/shipped.txt"; then
		t_pass audit-shipped-image-clean
	else
		t_fail audit-shipped-image-clean "escapes found" "$AUD/shipped.txt"
	fi

	# A copy with a stray cli; ret in a section of its own must fail the audit,
	# the same bytes in a .text.native section must not.
	printf '\xfa\xc3' >"$AUD/stray.bin"
	for section in .text.stray .text.native.stray; do
		objcopy --add-section "$section=$AUD/stray.bin" \
			--set-section-flags "$section=alloc,code,readonly" \
			build/pvkit.elf "$AUD/with$section.elf" 2>"$AUD/objcopy.log"
		build/tools/audit "$AUD/with$section.elf" >"$AUD/with$section.txt" 2>&1
		echo $? >"$AUD/with$section.rc"
	done
	if [ "$(cat "$AUD/with.text.stray.rc")" = 1 ] &&
		grep -q "ESCAPE in .text.stray at .*: cli" "$AUD/with.text.stray.txt" &&
		[ "$(cat "$AUD/with.text.native.stray.rc")" = 0 ]; then
		t_pass audit-catches-stray-cli
	else
		t_fail audit-catches-stray-cli "a stray cli was not reported (or a native one was)" \
			"$AUD/with.text.stray.txt"
	fi

	# README's ops table is the one the tool reads from the image.
	build/tools/audit --ops-table build/pvkit.elf >"$AUD/ops-table.md"
	sed -n '/<!-- ops-table begin -->/,/<!-- ops-table end -->/p' README.md |
		sed '1d;$d' >"$AUD/readme-table.md"
	if [ -s "$AUD/ops-table.md" ] && cmp -s "$AUD/ops-table.md" "$AUD/readme-table.md"; then
		t_pass ops-table-generated-in-readme
	else
		t_fail ops-table-generated-in-readme "README's table differs from 'make ops-table' (run tools/update-readme-ops.sh)"
	fi
fi
