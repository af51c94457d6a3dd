# xeno.test=saverestore: `xl save -c` (checkpoint), then `xl save` +
# `xl restore` (non-live) of the demo
# domU while it runs a workload: it fills a 16 MiB tmpfs file from
# /dev/urandom, then prints "SR-TICK <n> <md5 of the file>" every 2 s. After
# the restore the counter must go on from where it was and the checksum must
# not change (tests/toolstack/test_saverestore.py reads the sections).
#
# xeno.carry=out|in|in,out: save files carried between hypervisors on
# extra disks (virtio-blk; tests/toolstack/test_saverestore.py attaches
# build/carry/{xeno,xen}-save.img), found by their serial numbers
# carry-out and carry-in. "out" writes this run's `xl save` file to
# carry-out: sector 0 "XENO-CARRY <bytes> <file md5> <last tick> <tick
# md5>", the file from 1 MiB on. "in" restores the file found on carry-in
# and watches the domU's ticks go on from the last one saved: alone, that
# is all the run does; with "out" (Xen 4.17 restoring xeno's file while
# writing its own for xeno), it comes after the whole save/restore, in
# sections named "carried ...", with its own console log.
. /usr/lib/xeno/tests/common.sh
carry=,$(sed -n 's/.*xeno\.carry=\([a-z,]*\).*/\1/p' /proc/cmdline),
# carry_dev SERIAL: the /dev/vdX whose virtio serial number is SERIAL.
carry_dev() {
    for b in /sys/block/vd*; do
        [ "$(cat "$b/serial" 2>/dev/null)" != "$1" ] || { echo "/dev/${b##*/}"; return 0; }
    done
    return 1
}
# carry_disk SERIAL: load virtio, wait for that disk, print its device.
carry_disk() {
    modprobe virtio_pci && modprobe virtio_blk || return 1
    i=0
    while ! carry_dev "$1" >/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
    carry_dev "$1"
}
carry_out() {
    d=$(carry_disk carry-out) || return 1
    n=$(wc -c </tmp/demo.save) s=$(md5sum </tmp/demo.save | cut -d' ' -f1)
    t=$(grep -a SR-TICK "$log" | tail -n 1 | awk '{ print $2, $3 }')
    printf 'XENO-CARRY %s %s %s\n' "$n" "$s" "$t" | dd of="$d" bs=512 count=1 conv=sync 2>/dev/null &&
        dd if=/tmp/demo.save of="$d" bs=1M seek=1 2>/dev/null && sync &&
        head -c 512 "$d" | tr -d '\0'
}
# carry_in: restore the file on carry-in (its own console log: the ticks
# of an earlier demo in this boot must not count).
carry_in() {
    run "carried disk" carry_disk carry-in
    d=$(carry_dev carry-in)
    # shellcheck disable=SC2046
    set -- $(head -c 512 "$d" | tr -d '\0')
    run "carried header" echo "$@"
    run "carried read" sh -c "dd if=$d bs=1M skip=1 2>/dev/null | head -c $2 >/tmp/carried.save &&
        wc -c </tmp/carried.save && md5sum </tmp/carried.save"
    # $2 bytes, $3 their md5, $4 the last tick saved, $5 its md5
    [ ! -e "$log" ] || mv "$log" "$log.before-carried"
    run "xl restore of the carried file" xl restore /tmp/carried.save &&
        wait_for "SR-TICK $(($4 + 3)) " 1 300
    rm -f /tmp/carried.save
    run "carried xl list" xl list
    run "carried ticks" sh -c "grep -a SR-TICK $log | tail -n 5"
    run "carried domU console" sh -c "grep -aE 'Linux version|Kernel panic|Oops|WARNING|BUG|suspend|resum' $log | tail -n 40"
    run "carried xl dmesg" sh -c "xl dmesg | tail -n 30"
    run "carried xl destroy" xl destroy demo
}
if [ "$carry" = ,in, ]; then
    carry_in
    echo "== end saverestore"
    exit 0
fi
work='dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null
i=0
while :; do i=$((i + 1)); echo "SR-TICK $i $(md5sum </tmp/f)"; sleep 2; done'
run64=$(printf '%s\n' "$work" | base64 | tr -d '\n')
run "xl create" xl create /etc/xen/demo.cfg "extra=\"console=hvc0 xeno.run64=$run64\""
wait_for SR-TICK 3 600
run "ticks before" sh -c "grep -a SR-TICK $log | tail -n 3"
# A checkpoint: the domain is saved and goes on running (libxc resumes it:
# setvcpucontext of its running vCPU, resumedomain).
run "xl save -c" xl save -c demo /tmp/demo.ckpt
now=$(grep -ac SR-TICK "$log")
wait_for SR-TICK $((now + 2)) 120
run "ticks after checkpoint" sh -c "echo resumed-at $now; grep -a SR-TICK $log | tail -n 4"
# Corrupted copies of the checkpoint, restored as "bad" while demo runs:
# each `xl restore` must fail and leave neither a domain nor a frame behind
# (free memory back to the MiB); the two page tables naming a frame that is
# not the new domain's can only be refused by the hypervisor (libxc writes a
# NOTAB page as is), and demo, whose frame one of them names, goes on.
# A blank answer (once on Xen 4.17: the `xl info` of the pipeline died of a
# segfault in dom0) is asked again, and said (FREE-RETRY; never on xeno).
free_mib() {
    for k in 1 2 3; do
        v=$(xl info | sed -n 's/^free_memory *: *//p')
        [ -n "$v" ] && break
        echo "FREE-RETRY $k" >&2
    done
    echo "$v"
}
# bad_restore LABEL CMD...: CMD writes the stream into the FIFO
# /tmp/bad.save (no second copy of the file in dom0's RAM) while
# `xl restore` reads it: section "bad restore LABEL" is xl's output, "after
# bad restore LABEL" the domains and free memory.
bad_restore() {
    l=$1; shift
    fm=$(free_mib) t0=$(cut -d' ' -f1 /proc/uptime)
    rm -f /tmp/bad.save; mkfifo /tmp/bad.save; : >/tmp/bad.out
    "$@" >>/tmp/bad.out 2>&1 & w=$!
    xl restore /tmp/bad.cfg /tmp/bad.save >>/tmp/bad.out 2>&1; rc=$?
    kill $w 2>/dev/null; wait $w
    i=0
    while [ "$(free_mib)" != "$fm" ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
    # printed once the domain is gone: the hypervisor's "Domain N freed"
    # on the same serial line cannot split the section's "rc=" line
    run "bad restore $l" sh -c "cat /tmp/bad.out; exit $rc"
    fa=$(free_mib) t=$(awk -v t0="$t0" '{ print int($1 - t0) }' /proc/uptime)
    run "after bad restore $l" sh -c "xl list; echo free-before $fm free-after $fa seconds $t"
}
sed 's/^name = .*/name = "bad"/' /etc/xen/demo.cfg >/tmp/bad.cfg
m=/usr/lib/xeno/stream-mangle c=/tmp/demo.ckpt
demo_id=$(xl domid demo)
demo_mfn=$(xenstore-read /local/domain/$demo_id/console/ring-ref)
xen_mfn=$($m m2p-mfn)
echo "FOREIGN demo=$demo_id console-mfn=$demo_mfn m2p-mfn=$xen_mfn"
mark=$(grep -ac SR-TICK "$log")
bad_restore truncated sh -c "head -c 8000000 $c >/tmp/bad.save"
bad_restore count $m count $c /tmp/bad.save
bad_restore length $m length $c /tmp/bad.save
bad_restore pfn $m pfn $c /tmp/bad.save
bad_restore domU-frame $m foreign $c /tmp/bad.save "$demo_mfn"
bad_restore xen-frame $m foreign-ro $c /tmp/bad.save "$xen_mfn"
rm -f $c /tmp/bad.save
wait_for SR-TICK $((mark + 2)) 120
run "ticks after bad restores" sh -c "echo mark $mark; grep -a SR-TICK $log | tail -n 3"
run "xl dmesg after bad restores" sh -c "xl dmesg | tail -n 20"
run "xl save" xl save demo /tmp/demo.save
run "xl list after save" xl list
run "last tick saved" sh -c "grep -a SR-TICK $log | tail -n 1"
run "save file" sh -c 'ls -l /tmp/demo.save | awk "{ print \$5 }"; head -c 32 /tmp/demo.save | tr "\\0" . ; echo'
case $carry in *,out,*) run "carry out" carry_out ;; esac
before=$(grep -ac SR-TICK "$log")
run "xl restore" xl restore /tmp/demo.save
wait_for SR-TICK $((before + 3)) 120
run "xl list after restore" xl list
run "ticks after" sh -c "grep -a SR-TICK $log | tail -n 5"
run "console tail" sh -c "tail -n 15 $log"
run "domU console" sh -c "grep -aE 'Linux version|XENO-INIT-READY|Kernel panic|Oops|WARNING|BUG|suspend|resum' $log | tail -n 40"
run "xl destroy" xl destroy demo
run "xl list after destroy" xl list
case $carry in *,in,*) rm -f /tmp/demo.save; carry_in ;; esac
[ -z "$XENO_HCLOG" ] || { echo "== hclog failures (all)"; awk '$NF < 0' "$XENO_HCLOG" | sort | uniq -c | sed "s/^ */HCLOG /"; echo "rc=0"; }
echo "== end saverestore"
