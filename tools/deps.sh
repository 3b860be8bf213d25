#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes sure the Debian packages a task needs are installed.
#   tools/deps.sh GROUP...     (the groups are the keys of GROUP below)
# As root it installs what is missing with apt-get; otherwise it names the
# missing packages and fails.
set -euo pipefail

declare -A GROUP=(
	[build]="gcc make binutils libxen-dev linux-libc-dev"
	[unit]="gcc libcmocka-dev libcapstone-dev"
	[native]="qemu-system-x86"
	# The Xen host the tests boot in QEMU: Xen, the toolstack, a dom0.
	[xen]="qemu-system-x86 xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils linux-image-amd64 busybox-static cpio coreutils util-linux gzip tar xz-utils"
	# The KVM host the tests boot in QEMU TCG (SVM, nested paging): kvm-amd and an inner QEMU.
	[kvm]="qemu-system-x86 seabios linux-image-amd64 busybox-static cpio coreutils util-linux xz-utils"
	# The test suite's runner.
	[test]="python3 python3-pytest python3-pexpect python3-pytest-timeout"
	# tests/fuzz/: libFuzzer with ASan and UBSan (clang's runtime), Capstone for the patch checks.
	[fuzz]="clang-14 libclang-rt-14-dev libcapstone-dev libxen-dev"
	# make gdb and its test: gdb on QEMU's gdbstub.
	[debug]="gdb qemu-system-x86"
	# make iso and its boots: GRUB for BIOS and UEFI, the ISO tools, UEFI firmware for QEMU.
	[iso]="grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools ovmf qemu-system-x86"
	[report]="python3 gnuplot-nox libcapstone-dev"
	# patches/: Debian's Linux 6.1 tarball (the 7.3 one is fetched apart) and what the builds need.
	[linux]="linux-source-6.1 gcc libc6-dev make flex bison bc libelf-dev libssl-dev cpio xz-utils git perl python3"
)

[ $# -gt 0 ] || { echo "usage: $0 GROUP... (groups: ${!GROUP[*]})" >&2; exit 2; }
want=()
for g in "$@"; do
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
