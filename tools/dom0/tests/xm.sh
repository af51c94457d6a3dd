# xeno.test=xm: our toolstack (tools/xend, tools/xm) beside Debian's xl on
# the same hypervisor and daemons: `xend start` (and that our xenstored
# reserved gntdev's first slot at its start), xm info and xm list next
# to xl's, then xm create of /etc/xen/demo.cfg to its /init, the domain in
# xm list and in Debian's xl list, a node its kernel wrote over its
# xenstore ring, refusals (a taken name, a misspelt key, a malformed
# file), xm destroy; then a second domain (xm-lifecycle.sh): mem-set,
# mem-max, sched-credit, rename, uptime, list -l, dmesg, xend killed and
# restarted (it adopts the domain), reboot (on_reboot=restart), shutdown
# -w (on_poweroff=destroy); a third one: vcpu-set, a crash under
# on_crash=preserve, xend restarted again, xm destroy; then xm save and
# xm restore of a fourth one running a counter (xm-save.sh); then
# (xm-monitor.sh) vcpu-pin/vcpu-list, xm top, a console flood beside an xm create;
# then (xm-dev.sh) a domU with disks and a vif, devices hot-plugged in and out.
. /usr/lib/xeno/tests/common.sh
run "xend at boot" xend status
run "xend start" xend start
run "xend status" xend status
echo "hypervisor=$(cat /sys/hypervisor/type) $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"
run processes sh -c 'ps -o comm= | grep -E "xenstored|xenconsole" | sort -u'
run "xenstored gntdev" grep -m1 "gntdev:" /var/log/xen/xenstored.log
run "xm info" xm info
run "xl info" xl info
run "xm info free_memory" xm info free_memory
run "xm list" xm list
run "xl list" xl list
read -r t0 _ </proc/uptime
run "xm create" xm create /etc/xen/demo.cfg
created=$?
i=0
# Until its /init speaks, or it is seen shut down or dying (not merely when
# a listing fails: dom0 processes sometimes segfault under Xen 4.17 in QEMU).
while [ $created = 0 ] && ! grep -q XENO-INIT-READY "$log" 2>/dev/null && [ $i -lt 300 ] &&
      ! xm list demo 2>/dev/null | grep -qE "^demo .* ...s..  |^demo .* .....d  "; do
    sleep 1; i=$((i + 1))
done
read -r t1 _ </proc/uptime
echo "waited=${i}s xm-create-to-init=$(awk "BEGIN { print $t1 - $t0 }")s"
run "xm list demo" xm list
run "xl list demo" xl list
run "xm list by name" xm list demo
run "domU console" sh -c "grep -E 'Linux version|XENO-INIT-READY|Kernel panic' $log"
run "domU xenstore" sh -c 'xenstore-read /local/domain/$(xm domid demo)/control/feature-poweroff'
run "xm create taken" xm create /etc/xen/demo.cfg
printf 'name = "typo"\nmemmory = 64\n' >/tmp/typo.cfg
run "xm create typo" xm create /tmp/typo.cfg
printf 'name = "bad"\ndisk = [ "x"\n' >/tmp/bad.cfg
run "xm create malformed" xm create /tmp/bad.cfg
run "xm destroy" xm destroy demo
run "xm list after" xm list
run "xenstore after" sh -c 'xenstore-ls /local/domain | grep -c "^[0-9]"'
# XM_PARTS: which of the parts after the first domain run (xm-interop.sh: fewer).
for part in ${XM_PARTS:-lifecycle save monitor dev}; do
    . /usr/lib/xeno/tests/xm-$part.sh
done
[ -s /var/log/xen/xenstored.log ] && run "xenstored log" tail -n 40 /var/log/xen/xenstored.log
[ -s /var/log/xen/xenconsoled.log ] && run "xenconsoled log" tail -n 40 /var/log/xen/xenconsoled.log
run "xend log" cat /var/log/xen/xend.log
run "xl dmesg tail" sh -c 'xl dmesg | tail -n 40'
echo "== end xm"
