# xeno.test=toolstack: basic.sh, xenstored and xenconsoled killed and started
# again, then the demo domU (/etc/xen/demo.cfg):
# xl create, its /init's marker in its console log, xl list, a node its
# kernel wrote over its xenstore ring, xl destroy; xsbench (xenstore
# requests timed) on the restarted xenstored's socket and the kernel's ring.
. /usr/lib/xeno/tests/basic.sh
# Killing xenstored and xenconsoled and starting them again (a crash, or a
# user's mistake): while xenstored is down, xl waits on the kernel's xenbus
# ring (cut at 10 s) and nothing else is hurt; started again as at boot
# (with xen-init-dom0), the new daemons serve the demo domU below.
. /usr/lib/xeno/daemons.sh
. /run/xeno-daemons
run "kill xenconsoled" stop_daemon xenconsoled
run "kill xenstored" stop_daemon xenstored
run "xl list without xenstored" timeout 10 xl list
start_xenstored "$xenstored"
run "xen-init-dom0 again" /usr/lib/xen-4.17/bin/xen-init-dom0
start_xenconsoled "$xenconsoled"
run "xl list, daemons restarted" xl list
run "xl create" xl create /etc/xen/demo.cfg
created=$?
i=0
while [ $created = 0 ] && ! grep -q XENO-INIT-READY "$log" 2>/dev/null && [ $i -lt 600 ]; do
    sleep 1; i=$((i + 1))
done
echo "waited=${i}s"
run "xl list demo" xl list
run "domU console" sh -c "grep -E 'Linux version|XENO-INIT-READY|Kernel panic' $log"
# The domU's kernel wrote this through its xenstore ring (drivers/xen/manage.c).
run "domU xenstore" sh -c 'xenstore-read /local/domain/$(xl domid demo)/control/feature-poweroff'
run "xl destroy" xl destroy demo
# xenstore throughput (bench/run.py's "xs" figures) through the restarted
# daemon, on its socket and through the kernel's ring: the requests work.
run "xsbench socket" /usr/lib/xeno/xsbench -n 50 -t "${xenstored}_socket"
run "xsbench ring" /usr/lib/xeno/xsbench -n 50 -t "${xenstored}_ring" -d /bench/xs-ring /dev/xen/xenbus
run "xl list after" xl list
# Our daemons' logs (xeno.xenstored=xeno, xeno.xenconsoled=xeno).
[ ! -s /var/log/xen/xenstored.log ] || run "xenstored log" cat /var/log/xen/xenstored.log
[ ! -s /var/log/xen/xenconsoled.log ] || run "xenconsoled log" cat /var/log/xen/xenconsoled.log
[ -z "$XENO_HCLOG" ] || { echo "== hclog failures (all)"; awk '$NF < 0' "$XENO_HCLOG" | sort | uniq -c | sed "s/^ */HCLOG /"; echo "rc=0"; }
echo "== end toolstack"
if [ -n "$XENO_HCLOG" ]; then
    # Every hypercall the tools made (count, program, op, sub-op), failed or not.
    echo "== hclog calls"
    awk '$2 != "ioctl" { print $1, $2, $3, $4, $5 }' "$XENO_HCLOG" | sort | uniq -c | sed 's/^ */HCUSE /'
    echo "rc=0"
fi
