#!/bin/sh
# selftest guest: never ends (expected reason: timeout)
mount -t proc proc /proc
echo "SELFTEST-GUEST hang: running forever on $(grep -c ^processor /proc/cpuinfo) vcpu(s)"
i=0
while true; do
    i=$((i + 1))
    echo "SELFTEST-GUEST hang: tick $i"
    sleep 2
done
