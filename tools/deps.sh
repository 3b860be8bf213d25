#!/usr/bin/env bash
# Makes sure the Debian packages a task needs are installed.
#   tools/deps.sh GROUP...     groups: build unit native xen report linux
# As root it installs what is missing with apt-get; otherwise it names the
# missing packages and fails.  The xen group is the Xen harness's own list
# (tests/xen-harness/deps.sh).
set -euo pipefail

declare -A GROUP=(
	[build]="gcc make binutils libxen-dev"
	[unit]="gcc libcmocka-dev libcapstone-dev"
	[native]="qemu-system-x86"
	[report]="python3 gnuplot-nox libcapstone-dev"
	# patches/: Debian's Linux 6.1 tarball and what its build needs.
	[linux]="linux-source-6.1 gcc libc6-dev make flex bison bc libelf-dev libssl-dev cpio xz-utils git perl python3"
)

[ $# -gt 0 ] || { echo "usage: $0 build|unit|native|xen|report|linux..." >&2; exit 2; }
want=()
for g in "$@"; do
	if [ "$g" = xen ]; then
		"$(dirname "$0")/../tests/xen-harness/deps.sh" || exit 1
		continue
	fi
	[ -n "${GROUP[$g]+x}" ] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
	want+=(${GROUP[$g]})
done

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "pvkit: missing Debian packages: ${missing[*]}" >&2
	echo "pvkit: install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "pvkit: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
