# Sourced by xm.sh after xm-lifecycle.sh (no domU left): watching domains.
# A 2-vCPU domU spinning in a shell loop and an idle one: xm vcpu-list,
# xm vcpu-pin (all, one vCPU, refusals) read back by xm and by Debian's
# xl vcpu-list; xm top -b (the spinner's CPU % well above the idle one's).
# Then a domU flooding its console while another is created: that one's
# xm create to /init time, xenconsoled's CPU time over the flood and the
# flooder's log size. Checked by tests/toolstack/test_xm.py:check_monitor.
# wait_log NAME PATTERN SECONDS: until guest-NAME.log has PATTERN.
wait_log() {
    i=0
    while ! grep -qa "$2" "/var/log/xen/console/guest-$1.log" 2>/dev/null && [ $i -lt "$3" ]; do
        sleep 1; i=$((i + 1))
    done
    echo "waited=${i}s for $2 from $1"
}
run64() { printf '%s' "$1" | base64 -w0; }

# The idle one first: the tail of its boot is over when xm top samples it.
# The spinning shell is restarted if it dies (user space sometimes
# segfaults under Xen 4.17 in a loaded QEMU; the domain then powered off).
spin='while :; do sh -c "while :; do :; done"; done'
run "xm create idle" xm create /etc/xen/demo.cfg 'name="idle"'
run "xm create spin" xm create /etc/xen/demo.cfg 'name="spin"' vcpus=2 \
    "extra=\"console=hvc0 xeno.run64=$(run64 "$spin")\""
wait_log idle XENO-INIT-READY 300
wait_log spin XENO-RUN-BEGIN 300
run "xm vcpu-list spin" xm vcpu-list spin
run "xm vcpu-pin all" xm vcpu-pin spin all 1
run "xm vcpu-pin one" xm vcpu-pin spin 0 0
run "xm vcpu-pin bad cpu" xm vcpu-pin spin 0 2
run "xm vcpu-pin bad vcpu" xm vcpu-pin spin 2 0
run "xm vcpu-pin bad list" xm vcpu-pin spin 0 1-0
run "xm vcpu-list pinned" xm vcpu-list spin
run "xl vcpu-list pinned" xl vcpu-list spin
run "xm vcpu-list all" xm vcpu-list
run "xm top" xm top -b -i 3 -d 3
run "xm destroy spin" xm destroy spin

xcpid=$(cat /run/xen/xenconsoled.pid)
ticks() { awk '{ print $14 + $15 }' "/proc/$xcpid/stat"; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100) # no getconf in the image: Linux's USER_HZ
read -r tf _ </proc/uptime
run "xm create flood" xm create /etc/xen/demo.cfg 'name="flood"' \
    "extra=\"console=hvc0 xeno.run64=$(run64 "$flood")\""
wait_log flood XENO-FLOOD 300
sleep 2
c0=$(ticks)
read -r t0 _ </proc/uptime
run "xm create quiet" xm create /etc/xen/demo.cfg 'name="quiet"'
wait_log quiet XENO-INIT-READY 300
read -r t1 _ </proc/uptime
sleep 5
c1=$(ticks)
read -r t2 _ </proc/uptime
echo "FLOOD quiet-create-to-init=$(awk "BEGIN { print $t1 - $t0 }")s"
echo "FLOOD xenconsoled-cpu=$(awk "BEGIN { print ($c1 - $c0) / $hz }")s" \
    "over=$(awk "BEGIN { print $t2 - $t0 }")s"
run "flood log" sh -c 'for f in /var/log/xen/console/guest-flood.log*; do echo "$f $(stat -c %s "$f")"; done'
read -r t3 _ </proc/uptime
echo "FLOOD flood-seconds=$(awk "BEGIN { print $t3 - $tf }")"
run "xenconsoled throttled" grep -a throttled /var/log/xen/xenconsoled.log
run "xm destroy flood" xm destroy flood
# quiet and idle are gone with no question asked of them: on Xen 4.17 under
# TCG a domU's own programs may die at random (docs/testing.md), and the demo
# init then powers the domU off by itself.
for d in quiet idle; do xm domid "$d" >/dev/null 2>&1 && xm destroy "$d"; done
run "xm list after monitor" xm list
