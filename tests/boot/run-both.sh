#!/usr/bin/env bash
# make run: the same image booted natively and as a Xen PV domU, compared
# side by side.  Lines both boots print are aligned; "|" marks a line that
# differs, "<" one only the native boot printed, ">" one only Xen's.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/run
echo "pvkit: booting natively (QEMU q35) ..." >&2
tests/boot/run-native.sh >build/run/native.out 2>build/run/native.err
native_rc=$?
echo "pvkit: booting as a Xen PV domU (Xen + dom0 in QEMU, xl create) ..." >&2
tests/boot/run-xen.sh >build/run/xen.out 2>build/run/xen.err
xen_rc=$?

width=170
printf '%-*s   %s\n' $((width / 2 - 2)) "NATIVE: QEMU q35, PVH entry" \
	"XEN PV DOMU: xl create domU-configs/pvkit.cfg"
printf '%*s\n' "$width" '' | tr ' ' '-'
diff --side-by-side --expand-tabs --width=$width build/run/native.out build/run/xen.out
echo
result() { [ "$1" -eq 0 ] && echo SUCCESS || echo FAILURE; }
echo "pvkit: native: $(result $native_rc)   xen-pv: $(result $xen_rc)"
for side in native xen; do
	rc_var=${side}_rc
	if [ "${!rc_var}" -ne 0 ]; then
		echo "pvkit: $side boot failed; its runner said:"
		sed 's/^/    /' "build/run/$side.err"
	fi
done
echo "pvkit: logs: build/run/native.out build/run/xen.out (Xen's serial: build/run/xen/serial.log)"
[ $native_rc -eq 0 ] && [ $xen_rc -eq 0 ]
