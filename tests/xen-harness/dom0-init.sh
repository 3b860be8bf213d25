#!/bin/sh
# /init of the harness dom0 (busybox ash). Part of the pvkit Xen boot harness.
#
# Brings up the Xen toolstack (xenstored, xen-init-dom0, xenconsoled), runs
# every guest listed in /payload/guests.list with `xl create -F`, one after
# another, and stores per guest:
#   /results/NAME/console  guest PV console log (xenconsoled --log=guest)
#   /results/NAME/xl       xl's stdout+stderr (create, and destroy on timeout)
#   /results/NAME/reason   poweroff|reboot|suspend|crash|watchdog|soft_reset|
#                          timeout|create-failed
#   /results/NAME/seconds  wall time the guest ran (dom0 clock)
# After each guest the whole /results tree is written as a tar archive onto
# the raw results disk (/dev/vda), so the host gets everything finished so
# far even if a later step hangs. Progress goes to hvc0 (=> Xen serial =>
# host serial.log) as lines starting with the marker below; only dom0 writes
# to hvc0, guest consoles never reach it, so a guest cannot fake a marker.

PATH=/bin:/sbin:/usr/bin:/usr/sbin:/usr/lib/xen/bin
LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu
export PATH LD_LIBRARY_PATH

MARK='@@XEN-HARNESS@@'

mount -t devtmpfs devtmpfs /dev 2>/dev/null
# The initramfs has no /dev/console node (built without root), so the kernel
# could not give us stdio: take the console now.
exec </dev/console >/dev/console 2>&1

mark() { echo "$MARK $*"; }

finish() {
    sync
    mark "REBOOT"
    # dom0 reboot => Xen resets the machine => QEMU -no-reboot exits.
    reboot -f
    sleep 10
    echo b >/proc/sysrq-trigger
    sleep 1000
}

die() {
    mark "FATAL $*"
    finish
}

uptime_s() { cut -d. -f1 /proc/uptime; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts || die "mount devpts failed"
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/log/xen/console /var/lock \
         /var/lib/xenstored /tmp /results
[ -e /var/run ] || ln -s /run /var/run

mark "DOM0-UP kernel $(uname -r)"

# This dom0 sees no entropy source, so its CRNG stays uninitialised and every
# getrandom(GRND_NONBLOCK) fails: libuuid (used by `xl create`) then sleeps
# and retries for ~3 s per guest. A blocking read of /dev/random makes the
# kernel seed itself from timer jitter (once); do it in the background.
t_rng=$(cut -d" " -f1 /proc/uptime)
( dd if=/dev/random of=/dev/null bs=1 count=1 2>/dev/null; touch /run/rng-ready ) &

# Modules, in dependency order (list made by the host, one path per line).
while read -r ko; do
    [ -n "$ko" ] || continue
    insmod "$ko" || die "insmod $ko failed"
done </etc/harness/modules.list
exec </dev/null

[ -d /proc/xen ] || mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen || die "mount xenfs failed"

xenstored --pid-file /run/xenstored.pid || die "xenstored failed to start"
i=0
until xenstore-read -s / >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -le 100 ] || die "xenstored did not answer within 20 s"
    sleep 0.2
done
xen-init-dom0 || die "xen-init-dom0 failed"
xenconsoled --pid-file=/run/xenconsoled.pid --log=guest \
    --log-dir=/var/log/xen/console || die "xenconsoled failed to start"

# The results disk must be there before we run anything.
i=0
until [ -b /dev/vda ]; do
    i=$((i + 1))
    [ $i -le 50 ] || die "results disk /dev/vda did not appear"
    sleep 0.2
done

[ -r /payload/guests.list ] || die "no /payload/guests.list in the initramfs"
TIMEOUT=$(cat /payload/timeout 2>/dev/null)
case "$TIMEOUT" in ''|*[!0-9]*) TIMEOUT=60 ;; esac

i=0
until [ -e /run/rng-ready ]; do
    i=$((i + 1))
    [ $i -le 300 ] || { mark "WARN the kernel RNG is still not seeded after 30 s; xl will be slow"; break; }
    sleep 0.1
done
mark "RNG seeded $(awk -v t="$t_rng" '{print $1 - t}' /proc/uptime)s after asking"

mark "READY xl=$(command -v xl) timeout=${TIMEOUT}s guests=$(wc -l </payload/guests.list)"

save_results() {
    # Whole archive each time: small, and always self-consistent.
    tar -cf - -C /results . | dd of=/dev/vda bs=64k conv=fsync 2>/dev/null \
        || mark "WARN writing the results disk failed"
    sync
}

# Wait until FILE has not changed size for ~0.5 s (bounded to ~10 s):
# xenconsoled may still be draining the ring when xl returns.
wait_stable() {
    prev=x; same=0; n=0
    while [ $n -lt 100 ]; do
        s=$(stat -c %s "$1" 2>/dev/null || echo none)
        if [ "$s" = "$prev" ]; then
            same=$((same + 1))
            [ $same -ge 5 ] && return 0
        else
            same=0
        fi
        prev=$s
        n=$((n + 1))
        sleep 0.1
    done
}

# Acts on a running guest: xl shutdown / xl reboot, or type:TEXT at its console
# (written to the pty xenconsoled serves, as xl console would).
guest_action() {
    local name=$1 action=$2 marker=$3 r=$4 domid tty
    mark "GUEST-ACTION $name $action"
    echo "=== harness: saw \"$marker\": $action" >>"$r/xl.action"
    case $action in
        type:*)
            domid=$(xl domid "$name" 2>/dev/null)
            tty=$(xenstore-read "/local/domain/$domid/console/tty" 2>/dev/null)
            if [ -n "$tty" ] && [ -c "$tty" ]; then
                printf '%s\r' "${action#type:}" >"$tty"
            else
                echo "=== harness: no console tty for $name" >>"$r/xl.action"
            fi ;;
        dump-core)
            xl dump-core "$name" "$r/core" >>"$r/xl.action" 2>&1
            echo "=== harness: xl dump-core exit status $?" >>"$r/xl.action" ;;
        save-restore)
            save_restore "$name" "$r" ;;
        *)
            xl "$action" "$name" >>"$r/xl.action" 2>&1
            echo "=== harness: xl $action exit status $?" >>"$r/xl.action" ;;
    esac
}

# xl save, then xl restore -F of the checkpoint: the restored domain (same
# name, new domid) becomes the guest the main loop watches.  xl create -F
# exits once the domain has suspended; its "reason code 2" stays in NAME/xl.
save_restore() {
    local name=$1 r=$2 chk=/tmp/$1.checkpoint i=0
    xl save "$name" "$chk" >>"$r/xl.action" 2>&1
    echo "=== harness: xl save exit status $?" >>"$r/xl.action"
    while [ ! -s "$r/rc" ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
    if [ ! -s "$r/rc" ] || [ ! -s "$chk" ]; then
        echo "=== harness: the guest did not suspend: no restore" >>"$r/xl.action"
        return
    fi
    wait 2>/dev/null
    rm -f "$r/rc"
    ( xl restore -F "$chk" >>"$r/xl" 2>&1 </dev/null; echo $? >"$r/rc" ) &
    echo "=== harness: xl restore -F $chk started" >>"$r/xl.action"
}

reason_name() {
    case "$1" in
        0) echo poweroff ;; 1) echo reboot ;; 2) echo suspend ;;
        3) echo crash ;; 4) echo watchdog ;; 5) echo soft_reset ;;
        *) echo "unknown-$1" ;;
    esac
}

while read -r name <&3; do
    [ -n "$name" ] || continue
    d=/payload/$name
    r=/results/$name
    mkdir -p "$r"
    log=/var/log/xen/console/guest-$name.log
    rm -f "$log" "$r/rc"
    mark "GUEST-START $name"
    t0=$(uptime_s)
    # The subshell writes xl's exit code to a file: polling a file is
    # reliable, polling the pid of a (zombie) child is not.
    ( xl create -F "$d/cfg" >"$r/xl" 2>&1 </dev/null; echo $? >"$r/rc" ) &
    # -x: once the console shows each marker in turn, act as a user would.
    # After a reboot (on_reboot="restart") or a restore, xenconsoled appends
    # the new domain's output to the same log: markers are looked for in
    # the output of the current domain only, from byte "from" on.
    step=1
    from=0
    timed_out=0
    while [ ! -s "$r/rc" ]; do
        if [ $(( $(uptime_s) - t0 )) -ge "$TIMEOUT" ]; then
            timed_out=1
            break
        fi
        action=$(sed -n "$((2 * step - 1))p" "$d/action" 2>/dev/null)
        marker=$(sed -n "$((2 * step))p" "$d/action" 2>/dev/null)
        if [ -n "$action" ] && tail -c +$((from + 1)) "$log" 2>/dev/null | grep -qF "$marker"; then
            case $action in
                reboot|save-restore) from=$(wc -c <"$log") ;;
            esac
            guest_action "$name" "$action" "$marker" "$r"
            step=$((step + 1))
        fi
        sleep 0.2
    done
    if [ $timed_out = 1 ]; then
        mark "GUEST-TIMEOUT $name after ${TIMEOUT}s, destroying"
        echo "=== harness: guest still running after ${TIMEOUT}s: xl destroy $name" >>"$r/xl.destroy"
        # Where it is stuck: every vCPU's registers and the code at RIP.
        domid=$(xl domid "$name" 2>/dev/null)
        [ -n "$domid" ] && xenctx -a -C "$domid" >>"$r/xl.destroy" 2>&1
        xl destroy "$name" >>"$r/xl.destroy" 2>&1
        # xl create -F notices the death and exits; bounded wait.
        i=0
        while [ ! -s "$r/rc" ] && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
        if [ ! -s "$r/rc" ]; then
            echo "=== harness: xl create -F did not exit after destroy; killed" >>"$r/xl.destroy"
            # kill the xl process(es) for this guest (our own children only)
            for p in $(pidof xl); do
                grep -q "$d/cfg" "/proc/$p/cmdline" 2>/dev/null && kill -9 "$p"
            done
        fi
        sleep 0.5
    fi
    # reap the subshell (only once it has written rc, so this cannot block)
    [ -s "$r/rc" ] && wait 2>/dev/null
    t1=$(uptime_s)
    rc=$(cat "$r/rc" 2>/dev/null)
    # The last domain's reason: after save-restore, the restored one's.
    code=$(sed -n 's/.*has shut down, reason code \([0-9][0-9]*\).*/\1/p' "$r/xl" | tail -n 1)
    if [ $timed_out = 1 ]; then
        reason=timeout
    elif [ -n "$code" ]; then
        reason=$(reason_name "$code")
    else
        reason=create-failed
    fi
    # Never leave a domain behind for the next guest.
    if xl domid "$name" >/dev/null 2>&1; then
        echo "=== harness: domain still present after xl exited: xl destroy $name" >>"$r/xl.destroy"
        xl destroy "$name" >>"$r/xl.destroy" 2>&1
    fi
    [ -f "$r/xl.action" ] && { cat "$r/xl.action" >>"$r/xl"; rm -f "$r/xl.action"; }
    [ -f "$r/xl.destroy" ] && { cat "$r/xl.destroy" >>"$r/xl"; rm -f "$r/xl.destroy"; }
    echo "=== harness: xl exit status ${rc:-none}, reason $reason" >>"$r/xl"
    if [ -e "$log" ]; then
        wait_stable "$log"
        cp "$log" "$r/console"
    else
        : >"$r/console"
    fi
    rm -f "/tmp/$name.checkpoint"
    echo "$reason" >"$r/reason"
    echo $((t1 - t0)) >"$r/seconds"
    save_results
    mark "GUEST-END $name reason=$reason seconds=$((t1 - t0))"
done 3</payload/guests.list

mark "ALL-DONE"
finish
