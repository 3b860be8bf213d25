#!/bin/sh
# selftest guest: say hello, then power off cleanly (expected reason: poweroff)
mount -t proc proc /proc
echo "SELFTEST-GUEST poweroff: hello from $(uname -r) with $(grep -c ^processor /proc/cpuinfo) vcpu(s)"
echo "SELFTEST-GUEST poweroff: cmdline: $(cat /proc/cmdline)"
echo "SELFTEST-GUEST poweroff: @@XEN-HARNESS@@ ALL-DONE (a guest cannot fake a harness marker)"
echo "SELFTEST-GUEST poweroff: bye"
poweroff -f
