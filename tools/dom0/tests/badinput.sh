# xeno.test=badinput: what a user gets wrong. A truncated kernel, a file that
# is no kernel, more memory than the machine has: xl fails with an error,
# no domain is left behind and free memory is where it was. Checked by
# tests/toolstack/dom0_checks.py:check_badinput on both hypervisors.
. /usr/lib/xeno/tests/common.sh
free_mb() { xl info | awk '$1 == "free_memory" { print $3 }'; }
free0=$(free_mb)
head -c 1048576 /var/lib/xen/images/demo/vmlinuz >/tmp/truncated
head -c 4194304 /dev/urandom >/tmp/garbage
run "truncated kernel" xl create /etc/xen/demo.cfg 'kernel="/tmp/truncated"'
run "garbage kernel" xl create /etc/xen/demo.cfg 'kernel="/tmp/garbage"'
run "too much memory" xl create /etc/xen/demo.cfg memory=65536
run "list after bad input" xl list
echo "BAD-INPUT-FREE $free0 $(free_mb)"
echo "== end badinput"
