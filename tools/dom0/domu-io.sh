#!/bin/sh
# /bin/xeno-io of the I/O domU's initrd (scripts/mkdom0.sh puts it in
# /var/lib/xen/images/io/initrd.gz; run by tests/initrd/init as
# xeno.run=xeno-io). What a domU with virtual disks and a network does in
# tools/dom0/tests/split.sh, each step printed as one IO-<STEP> line on its
# console (checked by tests/toolstack/dom0_checks.py:check_split):
#   disk    (with /dev/xvda) mounts xvda (ext4), reads hello.txt, checks the
#           blob the previous boot wrote against its md5, writes a new 1 MiB
#           blob and its md5, counts boots, syncs; mounts xvdb read-only and
#           tries to write the device itself (must fail);
#   net     (xeno.ip=A.B.C.D/N) eth0 up with that address, pings
#           xeno.server (dom0 on the bridge); with xeno.tcp=1, TCP from it
#           (port 5001) and to it (port 5000), printing the md5 of what went
#           each way;
#   peer    (xeno.peer=IP) pings another domU on the same bridge;
#   load    (xeno.load=1) leaves disk writes and two TCP streams (to ports
#           5002 and from 5003 of the server) running in the background,
#           and a checksummed disk loop: 256 KiB written with its md5,
#           synced, the page cache dropped, read back from the disk and
#           compared, each round printed as IO-VERIFY <n> ok|bad.
ip= server= peer= load= tcp=
for w in $(cat /proc/cmdline); do
    case $w in
        xeno.ip=*) ip=${w#*=} ;;
        xeno.server=*) server=${w#*=} ;;
        xeno.peer=*) peer=${w#*=} ;;
        xeno.load=*) load=${w#*=} ;;
        xeno.tcp=*) tcp=${w#*=} ;;
    esac
done
say() { echo "IO-$*"; }
md5() { md5sum "$1" | cut -d' ' -f1; }

disk() {
    say "BLOCK $(ls /sys/block | tr '\n' ' ')"
    mkdir -p /mnt /ro
    mount -t ext4 /dev/xvda /mnt
    say "MOUNT rc=$?"
    say "HELLO $(cat /mnt/hello.txt)"
    n=$(cat /mnt/boots 2>/dev/null || echo 0)
    n=$((n + 1))
    if [ -f /mnt/blob ]; then
        [ "$(md5 /mnt/blob)" = "$(cat /mnt/blob.md5)" ] && st=ok || st=bad
        say "PERSIST boot=$n blob=$st"
    else
        say "PERSIST boot=$n blob=none"
    fi
    dd if=/dev/urandom of=/mnt/blob bs=64k count=16 2>/dev/null
    md5 /mnt/blob >/mnt/blob.md5
    echo $n >/mnt/boots
    sync
    say "WROTE boot=$n rc=$? md5=$(cat /mnt/blob.md5)"
    mount -t ext4 -o ro /dev/xvdb /ro
    say "RO-MOUNT rc=$? ro=$(cat /sys/block/xvdb/ro) hello=$(cat /ro/hello.txt)"
    dd if=/dev/zero of=/dev/xvdb bs=4k count=1 conv=fsync 2>/dev/null
    say "RO-WRITE rc=$?"
    mount -o remount,rw /ro 2>/dev/null
    say "RO-REMOUNT rc=$?"
}

net() {
    ip link set eth0 up && ip addr add "$ip" dev eth0
    say "ETH0 rc=$? mac=$(cat /sys/class/net/eth0/address)"
    i=0
    until ping -c 1 -W 1 "$server" >/dev/null 2>&1 || [ $i -ge 60 ]; do i=$((i + 1)); done
    ping -c 3 -W 5 "$server" >/dev/null
    say "PING rc=$? waited=$i"
    [ "$tcp" = 1 ] || return 0
    nc "$server" 5001 </dev/null >/tmp/rx
    say "TCP-RX rc=$? bytes=$(wc -c </tmp/rx) md5=$(md5 /tmp/rx)"
    dd if=/dev/urandom of=/tmp/tx bs=64k count=32 2>/dev/null
    nc "$server" 5000 </tmp/tx
    say "TCP-TX rc=$? bytes=$(wc -c </tmp/tx) md5=$(md5 /tmp/tx)"
}

start_load() {
    (while :; do dd if=/dev/urandom of=/mnt/load bs=64k count=64 conv=fsync; done) \
        >/dev/null 2>&1 &
    nc "$server" 5002 </dev/zero >/dev/null 2>&1 &
    nc "$server" 5003 </dev/null >/dev/null 2>&1 &
    (n=0; while :; do
        n=$((n + 1))
        dd if=/dev/urandom of=/mnt/verify bs=64k count=4 2>/dev/null
        m=$(md5 /mnt/verify)
        sync
        echo 3 >/proc/sys/vm/drop_caches
        [ "$(md5 /mnt/verify)" = "$m" ] && st=ok || st=bad
        say "VERIFY $n $st"
        sleep 1
    done) &
    say "LOAD started"
}

# wait_dev PATH: until the frontend's device appears (its backend connected).
wait_dev() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.5; i=$((i + 1)); done
}
if ls /sys/bus/xen/devices/ | grep -q '^vbd-'; then wait_dev /dev/xvdb; disk; fi
if [ -n "$ip" ]; then wait_dev /sys/class/net/eth0; net; fi
if [ -n "$peer" ]; then
    ping -c 3 -W 5 "$peer" >/dev/null
    say "PEER rc=$?"
fi
if [ "$load" = 1 ]; then start_load; fi
say "DONE"
