# xeno.test=migrate: `xl migrate` (live, to this same machine: an empty ssh
# command runs `xl migrate-receive` through /bin/sh) of the demo domU while
# it runs the saverestore workload: a 16 MiB tmpfs file from /dev/urandom,
# then "SR-TICK <n> <md5 of the file>" every 2 s. The migrated domain's
# console log is guest-demo--incoming.log (named when it was created): its
# ticks must go on from the source's last one with the same checksum
# (tests/toolstack/test_migrate.py reads the sections; as xeno.test64
# it would be cut by the command line's length limit, about 1 KiB). Needs
# log-dirty. Before it, two migrations that must fail (failed_migrate).
. /usr/lib/xeno/tests/common.sh
w='dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null;i=0
while :; do i=$((i+1)); echo "SR-TICK $i $(md5sum </tmp/f)"; sleep 2; done'
r=$(printf '%s\n' "$w" | base64 | tr -d '\n')
run "xl create" xl create /etc/xen/demo.cfg "extra=\"console=hvc0 xeno.run64=$r\""
wait_for SR-TICK 3 600
run "ticks before" grep -a SR-TICK $log
# Two migrations that must fail first, each leaving demo running on the
# sender (the same domain, its counter going on) and no frame lost once the
# receiver's leftovers are destroyed (free memory back to the MiB):
#   cut       the stream cut after 2 MB (the receiver reads EOF in the
#             first pass, fails and destroys what it built; the sender's
#             save helper dies of SIGPIPE before it turns log-dirty off, so
#             demo runs on with log-dirty on, its bitmap and shadows held,
#             until the next migration's OFF: as with Xen's libxc);
#   no-ready  the receiver's replies cut after its banner: it gets the whole
#             stream, then dies writing "ready" (xl exits, leaving its paused
#             demo--incoming) while the sender, suspended, reads EOF and
#             resumes the domain (resumedomain).
free_mib() { xl info | sed -n 's/^free_memory *: *//p'; }
failed_migrate() {
    fm=$(free_mib) id=$(xl domid demo) k=$(grep -ac SR-TICK "$log")
    t0=$(cut -d' ' -f1 /proc/uptime)
    xl migrate -s '' demo "$2" >/tmp/mig.out 2>&1; rc=$?
    sleep 2 # the hypervisor's own lines, on the same serial line, first
    run "xl migrate $1" sh -c "cat /tmp/mig.out; exit $rc"
    run "xl list after $1" xl list
    xl destroy demo--incoming 2>/dev/null && echo "destroyed the receiver's demo--incoming"
    rm -f /var/log/xen/console/guest-demo--incoming.log
    i=0
    while [ "$(free_mib)" != "$fm" ] && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
    wait_for SR-TICK $((k + 2)) 60
    fa=$(free_mib) t=$(awk -v t0="$t0" '{ print int($1 - t0) }' /proc/uptime)
    run "after $1" sh -c "echo domid-before $id domid-after $(xl domid demo) tick-before $k \
        free-before $fm free-after $fa seconds $t; grep -a SR-TICK $log | tail -n 2"
}
failed_migrate cut 'head -c 2000000 | xl migrate-receive'
failed_migrate no-ready 'xl migrate-receive | head -n 1'
run "xl migrate" xl migrate -s '' demo 'xl migrate-receive'
run "xl list after migrate" xl list
run "last tick" sh -c "grep -a SR-TICK $log|tail -n1"
n=/var/log/xen/console/guest-demo--incoming.log
sleep 20
run "ticks after" grep -a SR-TICK $n
sleep 10
run "ticks later" tail -n1 $n
run "xl destroy" xl destroy demo
