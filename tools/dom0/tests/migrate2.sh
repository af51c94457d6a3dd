# xeno.test=migrate2: a running Linux domU moved between two machines
# (tests/toolstack/test_migrate_two.py boots two QEMU machines joined by a
# virtual wire; each dom0 runs this script, xeno.migrate2=a or b on its
# command line). Each dom0 drives its e1000e NIC (booted with ACPI and PCI
# on) as eth0, enslaved to the bridge xenbr0 with a static address, so the
# domU's vif on either machine is on the same wire:
#   A 10.9.0.1 (source), B 10.9.0.2 (target), domU "demo" 10.9.0.3.
# A: creates demo (the io initrd: netfront) running a counter, "SR-TICK <n>
#    <md5 of a 16 MiB tmpfs file>" every second, dirtying 1 MiB a tick, and
#    a TCP server; once B reached it and opened the stream, `xl migrate -s
#    /usr/lib/xeno/xl-migrate-nc demo 10.9.0.2` (busybox nc instead of ssh).
#    Where live migration is impossible (Debian's Xen 4.17 has no PV
#    log-dirty), the failure must leave demo running on A, and A sends it
#    the non-live way instead: `xl save` into nc to B's port 8003.
# B: waits with `nc -l -p 8002 -e xl migrate-receive` (and nc -l -p 8003
#    into /tmp/demo.save, restored by `xl restore`); connects to the domU's
#    port 5000 (a line "STREAM <n>" every 0.2 s, until B connects to port
#    5001), keeps reading through the move, then stops it and compares
#    what it got with what the domU says it sent.
# Then our toolstack (the xm phase): B destroys demo, starts xend with a
# relocation port (8004, from A only) and sends A a 64 MiB random file with
# nc over the wire (A checks its md5 against B's: real traffic between the
# two dom0s, and the signal that B is ready); A starts xend, `xm create`s
# "xmdemo" (no vif: xend builds no NICs yet) running the same counter and
# runs `xm migrate -p 8004 --json --live xmdemo 10.9.0.2`: live with rounds
# of dirty pages on xeno; on Xen 4.17 (no PV log-dirty) xend suspends it
# and sends it in one round. B waits for xend's "migrated in" and reads the
# counter on.
# Checked by tests/toolstack/test_migrate_two.py:check_migrate_two and
# check_xm_phase.
. /usr/lib/xeno/tests/common.sh
role=
for w in $(cat /proc/cmdline); do
    case $w in xeno.migrate2=*) role=${w#*=} ;; esac
done
peer_a=10.9.0.1 peer_b=10.9.0.2 domu=10.9.0.3
con=/var/log/xen/console

# nic ADDR: e1000e's eth0 on xenbr0, the bridge holding ADDR/24.
nic() {
    modprobe e1000e || return 1
    i=0
    while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
    brctl addbr xenbr0 && brctl addif xenbr0 eth0 && ip link set eth0 up &&
        ip addr add "$1/24" dev xenbr0 && ip link set xenbr0 up &&
        ip -o -4 addr show xenbr0
}
# seen PATTERN COUNT SECONDS: common.sh's wait_for, but a grep that died
# means "not yet" (busybox applets crashed at random on Xen 4.17 under TCG
# while its FPU switched lazily: docs/testing.md).
seen() {
    i=0
    until [ "$(grep -c "$1" "$log" 2>/dev/null)" -ge "$2" ] 2>/dev/null || [ $i -ge "$3" ]; do
        sleep 1; i=$((i + 1))
    done
    echo "waited=${i}s for $2 x $1"
}
# reach IP SECONDS: until IP answers a ping.
reach() {
    i=0
    until ping -c 1 -W 1 "$1" >/dev/null 2>&1 || [ $i -ge "$2" ]; do i=$((i + 1)); done
    echo "reached $1 after $i tries"
    ping -c 1 -W 5 "$1" >/dev/null
}

# The domU's /init runs this (xeno.run64; the command line's ~1 KiB limit
# keeps it short): the stream and stop servers (listening before eth0 gets
# its address: once B can ping the domU, they answer), eth0 up, the counter.
domu_script() {
    cat <<EOF
nc -l -p 5001 -e touch /tmp/stop &
nc -l -p 5000 -e sh -c 'echo STREAM-START>&2;i=0;until [ -e /tmp/stop ];do i=\$((i+1));echo "STREAM \$i";sleep .2;done|tee /tmp/s;echo "STREAM-SENT \$(wc -l </tmp/s) \$(md5sum </tmp/s)">&2' &
dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null
while [ ! -e /sys/class/net/eth0 ];do sleep .5;done
ip link set eth0 up;ip addr add $domu/24 dev eth0
i=0;while :;do i=\$((i+1));echo "SR-TICK \$i \$(md5sum </tmp/f)";dd if=/dev/zero of=/tmp/g bs=64k count=16 2>/dev/null;sleep 1;done
EOF
}

# The xm phase's domU: the counter without the network (xend builds no vif).
xm_domu_script() {
    cat <<EOF
dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null
i=0;while :;do i=\$((i+1));echo "SR-TICK \$i \$(md5sum </tmp/f)";dd if=/dev/zero of=/tmp/g bs=64k count=16 2>/dev/null;sleep 1;done
EOF
}
big=67108864

# nc_receive PORT FILE SECONDS: a listener into FILE (its stdin a long
# sleep: busybox nc -l stops at EOF of stdin, not of the connection) until
# FILE has $big bytes; "NC-RX <bytes> <md5> <seconds from the first byte>".
nc_receive() {
    : >"$2"
    sleep 3000 | nc -l -p "$1" >"$2" & l=$!
    i=0
    until [ "$(wc -c <"$2")" -gt 0 ] 2>/dev/null || [ $i -ge "$3" ]; do sleep 1; i=$((i + 1)); done
    read -r t0 _ </proc/uptime
    until [ "$(wc -c <"$2")" -ge $big ] 2>/dev/null || [ $i -ge "$3" ]; do
        sleep 1; i=$((i + 1))
    done
    read -r t1 _ </proc/uptime
    kill $l 2>/dev/null
    echo "NC-RX $(wc -c <"$2") $(md5sum <"$2" | cut -d' ' -f1) $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')"
}

# xm_source_a: the xm phase on A (after the xl one).
xm_source_a() {
    nc_receive 8006 /tmp/big 900
    rm -f /tmp/big
    run "xend start" xend start
    r=$(xm_domu_script | base64 | tr -d '\n')
    cat >/tmp/xmdemo.cfg <<EOF
name = "xmdemo"
type = "pv"
kernel = "/var/lib/xen/images/demo/vmlinuz"
ramdisk = "/var/lib/xen/images/io/initrd.gz"
extra = "console=hvc0 quiet xeno.run64=$r"
memory = 128
vcpus = 1
EOF
    run "xm create" xm create /tmp/xmdemo.cfg
    log=$con/guest-xmdemo.log
    seen SR-TICK 3 600
    run "xm ticks before" grep -a SR-TICK $log
    run "xm migrate" xm migrate -p 8004 --json --live xmdemo $peer_b
    run "xm list after move" xm list
    run "xm last tick" sh -c "grep -a SR-TICK $log | tail -n 1"
    run "xend log on A" sh -c "grep -a -i 'migrat' /var/log/xen/xend.log; true"
}

source_a() {
    run "nic" nic $peer_a
    r=$(domu_script | base64 | tr -d '\n')
    cat >/tmp/demo.cfg <<EOF
name = "demo"
type = "pv"
kernel = "/var/lib/xen/images/demo/vmlinuz"
ramdisk = "/var/lib/xen/images/io/initrd.gz"
extra = "console=hvc0 quiet xeno.run64=$r"
memory = 128
vcpus = 1
vif = [ 'bridge=xenbr0,mac=00:16:3e:09:00:03' ]
on_poweroff = "destroy"
on_reboot = "restart"
on_crash = "destroy"
EOF
    run "xl create" xl create /tmp/demo.cfg
    seen SR-TICK 3 600
    run "reach B" reach $peer_b 900
    seen STREAM-START 1 900
    sleep 3
    run "ticks before" grep -a SR-TICK $log
    if ! run "xl migrate" xl migrate -s /usr/lib/xeno/xl-migrate-nc demo $peer_b; then
        run "xl list after failed migrate" xl list
        sleep 3
        run "ticks after failed migrate" sh -c "grep -a SR-TICK $log | tail -n 2"
        mkfifo /tmp/save.pipe
        nc $peer_b 8003 </tmp/save.pipe & n=$!
        run "xl save to B" xl save demo /tmp/save.pipe
        wait $n
    fi
    run "xl list after move" xl list
    run "last tick" sh -c "grep -a SR-TICK $log | tail -n 1"
    run "vifs after move" sh -c "ls /sys/class/net | grep -c '^vif'; true"
    xm_source_a
}

# xm_target_b: the xm phase on B (after the xl one destroyed demo).
xm_target_b() {
    dd if=/dev/urandom of=/tmp/big bs=1M count=64 2>/dev/null
    echo "NC-TX $(wc -c </tmp/big) $(md5sum </tmp/big | cut -d' ' -f1)"
    run "xend start relocation" xend start --relocation-port 8004 --relocation-hosts-allow $peer_a
    i=0
    until nc $peer_a 8006 </tmp/big 2>/dev/null || [ $i -ge 300 ]; do sleep 1; i=$((i + 1)); done
    echo "NC-SENT tries=$i"
    rm -f /tmp/big
    i=0
    until grep -q "migrated in" /var/log/xen/xend.log 2>/dev/null || [ $i -ge 900 ]; do
        sleep 1; i=$((i + 1))
    done
    echo "XM-ARRIVAL waited=${i}s"
    run "xend log on B" sh -c "grep -a -i 'migrat\|relocat' /var/log/xen/xend.log; true"
    run "xm list on B" xm list
    log=$con/guest-xmdemo.log
    sleep 15
    run "xm ticks on B" grep -a SR-TICK $log
    run "xm destroy" xm destroy xmdemo
    run "xm list at the end" xm list
}

target_b() {
    nc -l -p 8002 -e xl migrate-receive >/tmp/receive.log 2>&1 &
    nc -l -p 8003 >/tmp/demo.save & save=$!
    run "nic" nic $peer_b
    run "reach domU" reach $domu 1200
    # Each line as it comes, with dom0's uptime: the longest stall of the
    # stream (0.2 s between lines, plus the move's downtime and TCP's
    # retransmission wait).
    nc $domu 5000 </dev/null | tee /tmp/rx | while read -r l; do
        read -r up _ </proc/uptime
        echo "$up ${l#STREAM }"
    done >/tmp/rxt & rx=$!
    i=0
    while ! xl domid demo >/dev/null 2>&1 && kill -0 $save 2>/dev/null && [ $i -lt 1200 ]; do
        sleep 1; i=$((i + 1))
    done
    echo "ARRIVAL waited=${i}s domid=$(xl domid demo 2>/dev/null) rx=$(wc -l </tmp/rx)"
    run "migrate-receive log" cat /tmp/receive.log
    if ! xl domid demo >/dev/null 2>&1; then
        run "xl list before restore" xl list
        run "save file" sh -c 'wc -c </tmp/demo.save'
        run "xl restore" xl restore /tmp/demo.save
        rm -f /tmp/demo.save
        echo "RESTORED rx=$(wc -l </tmp/rx)"
    fi
    run "xl list on B" xl list
    log=$(ls $con/guest-demo--incoming.log 2>/dev/null || echo $con/guest-demo.log)
    sleep 15
    run "ticks on B" grep -a SR-TICK $log
    run "stop stream" nc $domu 5001 </dev/null
    i=0
    while kill -0 $rx 2>/dev/null && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
    echo "STREAM-RX $(wc -l </tmp/rx) $(md5sum </tmp/rx)"
    awk 'NR > 1 && $1 - t > g { g = $1 - t; n = $2 } { t = $1 }
         END { printf "STREAM-STALL %.2f s before line %d\n", g, n }' /tmp/rxt
    seen STREAM-SENT 1 60
    sleep 5
    run "ticks later" sh -c "grep -a SR-TICK $log | tail -n 1"
    run "domU console on B" sh -c "tr -d '\r' <$log; echo"
    run "xl destroy" xl destroy demo
    run "xl list at the end" xl list
    xm_target_b
}

case $role in
    a) source_a ;;
    b) target_b ;;
    *) echo "migrate2: no xeno.migrate2=a|b on the command line"; exit 1 ;;
esac
