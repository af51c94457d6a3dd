# xeno.test=xlbench (bench/run.py, workload "xl"): the time from `xl create`
# of the demo domU to its /init's first line, on dom0's clock (virtual time
# under icount), printed as `BENCH xl_create_init <ns> ns` (the last line). xmbench.sh runs
# the same with tool=xm (our xend and xm). Its parts:
#   BENCH <tool>_create_tool    the command, until it returns (the domain
#                               built and unpaused);
#   BENCH <tool>_create_kernel  the domU kernel's own printk time at "Run
#                               /init" (its sched_clock, zero in its first
#                               steps);
#   BENCH <tool>_create_gap     the rest (may be < 0: with one CPU the domU
#                               already runs while the command finishes):
#                               the domU before its clock starts, its /init
#                               up to XENO-INIT-READY, the console's way to
#                               the log, the 50 ms poll.
#   BENCH <tool>_save, <tool>_restore  then `save` of the running domU to a
#                               file in dom0's tmpfs and `restore` of it,
#                               each until the command returns.
#   xm only: xmbench-flood.sh (the create beside a console flooder).
log=/var/log/xen/console/guest-demo.log
: "${tool:=xl}"
ns() { echo "$EPOCHREALTIME" | awk -F. '{ printf "%d%06d000\n", $1, $2 }'; }
# await FILE PATTERN: until FILE has PATTERN, polled every 50 ms (5 minutes at most).
await() {
    i=0
    while ! grep -qa "$2" "$1" 2>/dev/null && [ $i -lt 6000 ]; do
        usleep 50000; i=$((i + 1))
    done
}
t0=$(ns)
$tool create /etc/xen/demo.cfg >/dev/null 2>&1 ||
    echo "BENCH-NA ${tool}_create_init $tool create failed"
t1=$(ns)
await "$log" XENO-INIT-READY
t2=$(ns)
# The domU kernel's printk time (its sched_clock, from its first steps) at
# "Run /init", [<s>.<us>] in ns by the shell (busybox awk's %d is 32-bit).
run=$(sed -n 's/^\[ *\([0-9]*\)\.\([0-9]\{6\}\)\] Run \/init .*/\1 \2/p' "$log" | head -n 1)
set -- ${run:-0 0}
us=$(echo "$2" | sed 's/^0*//')
kern_ns=$(($1 * 1000000000 + ${us:-0} * 1000))
echo "BENCH ${tool}_create_tool $((t1 - t0)) ns"
echo "BENCH ${tool}_create_kernel $kern_ns ns"
echo "BENCH ${tool}_create_gap $((t2 - t1 - kern_ns)) ns"
echo "== domU console"
tr -d '\033\r' <"$log"
echo
# Then the running domU saved to a file in dom0's tmpfs and restored from
# it, each command timed until it returns (restore: built and unpaused).
timed() { # KEY CMD...: BENCH <tool>_<KEY> <ns> ns, or BENCH-NA
    key=$1; shift
    s0=$(ns)
    if "$@" >/tmp/bench.out 2>&1; then
        echo "BENCH ${tool}_$key $(($(ns) - s0)) ns"
    else
        echo "BENCH-NA ${tool}_$key $* failed: $(tail -n 1 /tmp/bench.out)"
        return 1
    fi
}
timed save $tool save demo /tmp/demo.save &&
    timed restore $tool restore /tmp/demo.save
rm -f /tmp/demo.save
$tool destroy demo
[ "$tool" != xm ] || . /usr/lib/xeno/tests/xmbench-flood.sh
echo "BENCH ${tool}_create_init $((t2 - t0)) ns"
