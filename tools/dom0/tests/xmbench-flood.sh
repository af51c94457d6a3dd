# Sourced by xlbench.sh for xm (workload "xm"), no domU left: issue 14's
# rule that a domU flooding xenstore or its console cannot slow another's
# xm create by more than 10%. The demo domU is created again to its /init,
# alone (`BENCH xm_create_again`), then beside a domU writing 64 KB of
# lines to its console again and again (`BENCH xm_create_flood`; our
# xenconsoled throttles it to its rate limit), then beside a domU spinning
# in a shell loop (`BENCH xm_create_spin`: one CPU's fair share taken, the
# cost of any busy neighbour), then beside a domU writing one xenstore
# node as fast as its replies come (`BENCH xm_create_xsflood`: as busy,
# and through xenstored), each from the command to XENO-INIT-READY in its
# console log. All run on the same machine the same way, so their ratios
# are the floods' costs: the console flood against the create alone, the
# xenstore flood against the spinning neighbour.
again() { # KEY: xm create of demo to its /init: BENCH xm_<KEY>, or BENCH-NA
    rm -f "$log"
    s0=$(ns)
    if ! xm create /etc/xen/demo.cfg >/tmp/bench.out 2>&1; then
        echo "BENCH-NA xm_$1 xm create failed: $(tail -n 1 /tmp/bench.out)"
        return 1
    fi
    echo "xmbench: $1: the command $((($(ns) - s0) / 1000000)) ms"
    await "$log" XENO-INIT-READY
    echo "BENCH xm_$1 $(($(ns) - s0)) ns"
}
# beside NAME SCRIPT MARK KEY: the create again beside a domU NAME running
# SCRIPT, once MARK is in its console log.
beside() {
    if ! xm create /etc/xen/demo.cfg "name=\"$1\"" \
        "extra=\"console=hvc0 xeno.run64=$(printf '%s' "$2" | base64 -w0)\"" >/tmp/bench.out 2>&1; then
        echo "BENCH-NA xm_$4 the flooder's xm create failed: $(tail -n 1 /tmp/bench.out)"
        return 1
    fi
    await "/var/log/xen/console/guest-$1.log" "$3"
    xm list
    again "$4"
    xm list # each domain's CPU seconds (Time) after: the flooder's share
    [ "$1" != xsflood ] ||
        echo "xmbench: xsflood's node: $(xenstore-read "/local/domain/$(xm domid xsflood)/data/flood" 2>&1)"
    xm destroy demo
    xm destroy "$1"
}
# The xenstore flood: XS_WRITE of data/flood (relative: the domain's own
# home) through the kernel's xenbus device, one request in flight, again
# and again (the 19 bytes read back are the reply "OK").
xsflood='x=/dev/xen/xenbus; [ -e $x ] || x=/proc/xen/xenbus
exec 3<>$x
echo XENO-XSFLOOD
while :; do
    printf "\013\000\000\000\000\000\000\000\000\000\000\000\020\000\000\000data/flood\000vvvvv" >&3
    dd bs=19 count=1 <&3 >/dev/null 2>&1
done'
. /usr/lib/xeno/tests/common.sh
again create_again
xm destroy demo
beside flood "$flood" XENO-FLOOD create_flood
beside spin 'echo XENO-SPIN; while :; do :; done' XENO-SPIN create_spin
beside xsflood "$xsflood" XENO-XSFLOOD create_xsflood
