# Sourced by xm.sh last: disks and NICs of xend's domUs (tools/xend/devices.c:
# xend does the hotplug work itself: loop devices, the bridge). Checked by
# tests/toolstack/test_xm.py:check_devices.
#   1. xenbr0 with 10.0.0.1/24; the io images (tools/dom0/domu-io.sh) in /tmp;
#   2. xm create of "io": data.img as xvda (w), ro.img as xvdb (r), a vif on
#      xenbr0; in the domU: xvda's known content, its writes, xvdb refusing
#      writes, eth0 pinging dom0; from dom0: ping, the xenstore nodes and
#      their permissions, loop devices, the vif on the bridge, xm block-list
#      and network-list;
#   3. hot-plug: a disk block-attached (its frontend connects) and detached,
#      a second vif network-attached (on the bridge, connected) and detached
#      by MAC; refusals (a missing file, a bad vdev, an unknown device, a
#      missing bridge, also at create: no domain left);
#   4. xm destroy io: no loop device, vif or backend node left.
img=/var/lib/xen/images/io
# fe_state KIND DEVID STATE: io's frontend node of that device reaches STATE
# ("": gone) within 60 s.
fe_state() {
    p=/local/domain/$(xm domid io)/device/$1/$2/state
    i=0
    until [ "$(xenstore-read "$p" 2>/dev/null)" = "$3" ] || [ $i -ge 60 ]; do
        sleep 1; i=$((i + 1))
    done
    echo "$p=$(xenstore-read "$p" 2>/dev/null) after ${i}s"
    [ "$(xenstore-read "$p" 2>/dev/null)" = "$3" ]
}
# dom0's kernel lines (bridge ports, blkback) would land inside the
# sections on the shared console: only errors from here on (xm-dev.sh is
# the scenario's last part).
dmesg -n 3
run "xm bridge" sh -c 'brctl addbr xenbr0 && ip addr add 10.0.0.1/24 dev xenbr0 &&
    ip link set xenbr0 up'
cp "$img/data.img" "$img/ro.img" /tmp/
dd if=/dev/zero of=/tmp/hot.img bs=1M count=4 2>/dev/null
cat >/tmp/io.cfg <<EOF2
name = "io"
kernel = "/var/lib/xen/images/demo/vmlinuz"
ramdisk = "$img/initrd.gz"
extra = "console=hvc0 quiet xeno.shell=1 xeno.run=xeno-io xeno.ip=10.0.0.2/24 xeno.server=10.0.0.1"
memory = 128
disk = [ 'file:/tmp/data.img,xvda,w', 'format=raw, vdev=xvdb, access=ro, target=/tmp/ro.img' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:02' ]
on_poweroff = "destroy"
EOF2
run "xm create nobridge" xm create /tmp/io.cfg 'vif=["bridge=nobr0"]'
run "xm create nofile" xm create /tmp/io.cfg 'disk=["file:/tmp/none.img,xvda,w"]'
run "xm list refused" xm list
run "xm create io" xm create /tmp/io.cfg
log=/var/log/xen/console/guest-io.log
# (not wait_for: on Xen 4.17 under TCG a dom0 applet now and then
# segfaults, and an empty count would end its wait early)
i=0
until grep -q IO-DONE "$log" 2>/dev/null || [ $i -ge 300 ]; do sleep 1; i=$((i + 1)); done
echo "waited=${i}s for IO-DONE"
id=$(xm domid io)
be=/local/domain/0/backend
run "xm io ping" ping -c 3 -W 5 10.0.0.2
run "xm io nodes" sh -c "for k in physical-device-path mode hotplug-status state; do
    echo vbd51712/\$k=\$(xenstore-read $be/vbd/$id/51712/\$k); done
    for k in mode node; do echo vbd51728/\$k=\$(xenstore-read $be/vbd/$id/51728/\$k); done
    for k in bridge mac hotplug-status state; do echo vif0/\$k=\$(xenstore-read $be/vif/$id/0/\$k); done
    for k in virtual-device backend state; do
        echo fe51712/\$k=\$(xenstore-read /local/domain/$id/device/vbd/51712/\$k); done"
run "xm io perms" sh -c "xenstore-ls -p $be/vbd/$id | grep -E '^51712 '; xenstore-ls -p $be/vif/$id | grep -E '^0 ';
    xenstore-ls -p /local/domain/$id/device/vbd | grep -E '^51712 '"
run "xm io loops" sh -c 'losetup -a | sort'
run "xm io vif" sh -c "ls /sys/class/net/xenbr0/brif; cat /sys/class/net/vif$id.0/operstate"
run "xm block-list" xm block-list io
run "xm network-list" xm network-list io
run "xm block-attach" xm block-attach io 'file:/tmp/hot.img,xvdc,w'
run "xm hot disk connected" fe_state vbd 51744 4
run "xm block-list hot" xm block-list io
run "xm block-detach" xm block-detach io xvdc
run "xm hot disk gone" fe_state vbd 51744 ""
run "xm network-attach" xm network-attach io bridge=xenbr0 mac=00:16:3e:00:00:13
run "xm hot vif connected" fe_state vif 1 4
run "xm hot vif bridged" sh -c "ls /sys/class/net/xenbr0/brif"
run "xm network-detach" xm network-detach io 00:16:3e:00:00:13
run "xm hot vif gone" fe_state vif 1 ""
run "xm network-list after" xm network-list io
run "xm block-attach missing" xm block-attach io 'file:/tmp/none.img,xvdd,w'
run "xm block-attach bad vdev" xm block-attach io 'file:/tmp/hot.img,sdz9x,w'
run "xm block-detach unknown" xm block-detach io xvdz
run "xm network-attach nobridge" xm network-attach io bridge=nobr0
run "xm network-detach unknown" xm network-detach io 7
run "xm destroy io" xm destroy io
run "xm dev left" leftovers 30
run "xm io console" sh -c "tr -d '\r' <$log; echo"
