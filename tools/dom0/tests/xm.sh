# xeno.test=xm: our toolstack (tools/xm) beside Debian's xl on the same
# hypervisor and daemons: xm info and xm list next to xl's, then xm create
# of /etc/xen/demo.cfg to its /init, the domain in xm list and in Debian's
# xl list, a node its kernel wrote over its xenstore ring, refusals (a
# taken name, a misspelt key, a malformed file), xm destroy; then a
# second domain powered off from inside by xm shutdown -w.
. /usr/lib/xeno/tests/common.sh
echo "hypervisor=$(cat /sys/hypervisor/type) $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"
run processes sh -c 'ps -o comm= | grep -E "xenstored|xenconsole" | sort -u'
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
# Again, and this time the guest powers itself off (control/shutdown).
run "xm create again" xm create /etc/xen/demo.cfg
wait_for XENO-INIT-READY 2 300
run "xm shutdown -w" timeout 120 xm shutdown -w demo
run "xm list after shutdown" xm list
run "domU poweroff" grep -c XENO-POWEROFF "$log"
[ -s /var/log/xen/xenstored.log ] && run "xenstored log" tail -n 40 /var/log/xen/xenstored.log
[ -s /var/log/xen/xenconsoled.log ] && run "xenconsoled log" tail -n 40 /var/log/xen/xenconsoled.log
run "xl dmesg tail" sh -c 'xl dmesg | tail -n 40'
echo "== end xm"
