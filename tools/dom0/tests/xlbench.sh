# xeno.test=xlbench (bench/run.py, workload "xl"): the time from `xl create`
# of the demo domU to its /init's first line, on dom0's clock (virtual time
# under icount), printed as `BENCH xl_create_init <ns> ns`.
log=/var/log/xen/console/guest-demo.log
ns() { echo "$EPOCHREALTIME" | awk -F. '{ printf "%d%06d000\n", $1, $2 }'; }
t0=$(ns)
xl create /etc/xen/demo.cfg >/dev/null 2>&1 || echo "BENCH-NA xl_create_init xl create failed"
i=0
while ! grep -q XENO-INIT-READY "$log" 2>/dev/null && [ $i -lt 6000 ]; do
    usleep 50000; i=$((i + 1))
done
t1=$(ns)
echo "BENCH xl_create_init $((t1 - t0)) ns"
xl destroy demo
