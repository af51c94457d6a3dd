# xeno.test=xsbench (bench/run.py, workload "xs"): xenstore throughput of
# each xenstored in this same dom0: Debian's oxenstored, Debian's C
# xenstored, ours (tools/xenstored), started in turn as at boot (with
# xen-init-dom0), each timed by /usr/lib/xeno/xsbench from a dom0 client on
# the daemon's Unix socket and through the kernel's xenbus ring (the path a
# domU's requests take). Prints `BENCH xs_<op>_<daemon>_<path> <ns> ns`.
. /usr/lib/xeno/tests/common.sh
. /usr/lib/xeno/daemons.sh
n=${XSBENCH_N:-2000}
for flavour in ocaml c xeno; do
    stop_daemon xenstored
    start_xenstored "$flavour"
    /usr/lib/xen-4.17/bin/xen-init-dom0 >/dev/null 2>&1
    run "xsbench $flavour socket" /usr/lib/xeno/xsbench -n "$n" -t "${flavour}_socket"
    run "xsbench $flavour ring" /usr/lib/xeno/xsbench -n "$n" -t "${flavour}_ring" \
        -d /bench/xs-ring /dev/xen/xenbus
done
