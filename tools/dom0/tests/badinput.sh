# xeno.test=badinput: what a user gets wrong. A truncated kernel, a file that
# is no kernel, more memory than the machine has, a domain destroyed while xl
# builds it: xl fails with an error, no domain is left behind and free memory is where it was. Checked by
# tests/toolstack/dom0_checks.py:check_badinput on both hypervisors.
. /usr/lib/xeno/tests/common.sh
free_mb() { xl info | awk '$1 == "free_memory" { print $3 }'; }
free0=$(free_mb)
head -c 1048576 /var/lib/xen/images/demo/vmlinuz >/tmp/truncated
head -c 4194304 /dev/urandom >/tmp/garbage
run "truncated kernel" xl create /etc/xen/demo.cfg 'kernel="/tmp/truncated"'
run "garbage kernel" xl create /etc/xen/demo.cfg 'kernel="/tmp/garbage"'
run "too much memory" xl create /etc/xen/demo.cfg memory=65536
# Destroyed while xl still builds it (as soon as its name is in xenstore):
# xl create fails, or if the build won the race the domain simply goes.
xl create /etc/xen/demo.cfg 'name="early"' >/tmp/early.log 2>&1 &
cpid=$!
i=0
until xl domid early >/dev/null 2>&1 || [ $i -ge 300 ]; do i=$((i + 1)); done
run "destroy during build" xl destroy early
wait $cpid
echo "EARLY-CREATE rc=$? polls=$i"
tail -n 5 /tmp/early.log
run "list after bad input" xl list
echo "BAD-INPUT-FREE $free0 $(free_mb)"
echo "== end badinput"
