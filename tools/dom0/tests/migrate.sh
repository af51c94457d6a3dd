# xeno.test=migrate: `xl migrate` (live, to this same machine: an empty ssh
# command runs `xl migrate-receive` through /bin/sh) of the demo domU while
# it runs the saverestore workload: a 16 MiB tmpfs file from /dev/urandom,
# then "SR-TICK <n> <md5 of the file>" every 2 s. The migrated domain's
# console log is guest-demo--incoming.log (named when it was created): its
# ticks must go on from the source's last one with the same checksum
# (tests/toolstack/test_migrate.py reads the sections; as xeno.test64
# it would be cut by the command line's length limit, about 1 KiB). Needs
# log-dirty.
. /usr/lib/xeno/tests/common.sh
w='dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null;i=0
while :; do i=$((i+1)); echo "SR-TICK $i $(md5sum </tmp/f)"; sleep 2; done'
r=$(printf '%s\n' "$w" | base64 | tr -d '\n')
run "xl create" xl create /etc/xen/demo.cfg "extra=\"console=hvc0 xeno.run64=$r\""
wait_for SR-TICK 3 600
run "ticks before" grep -a SR-TICK $log
run "xl migrate" xl migrate -s '' demo 'xl migrate-receive'
run "xl list after migrate" xl list
run "last tick" sh -c "grep -a SR-TICK $log|tail -n1"
n=/var/log/xen/console/guest-demo--incoming.log
sleep 20
run "ticks after" grep -a SR-TICK $n
sleep 10
run "ticks later" tail -n1 $n
run "xl destroy" xl destroy demo
