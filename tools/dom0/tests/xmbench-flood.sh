# Sourced by xlbench.sh for xm (workload "xm"), no domU left: issue 14's
# rule that a domU flooding its console cannot slow another's xm create by
# more than 10%. The demo domU is created again to its /init, alone
# (`BENCH xm_create_again`), then beside a domU writing 64 KB of lines to
# its console again and again (`BENCH xm_create_flood`), each from the
# command to XENO-INIT-READY in its console log; our xenconsoled throttles
# the flooder to its rate limit. Both run on the same machine the same way,
# so their ratio is the flood's cost.
again() { # KEY: xm create of demo to its /init: BENCH xm_<KEY>, or BENCH-NA
    rm -f "$log"
    s0=$(ns)
    if ! xm create /etc/xen/demo.cfg >/tmp/bench.out 2>&1; then
        echo "BENCH-NA xm_$1 xm create failed: $(tail -n 1 /tmp/bench.out)"
        return 1
    fi
    echo "xmbench: $1: the command $((($(ns) - s0) / 1000000)) ms"
    i=0
    while ! grep -q XENO-INIT-READY "$log" 2>/dev/null && [ $i -lt 6000 ]; do
        usleep 50000; i=$((i + 1))
    done
    echo "BENCH xm_$1 $(($(ns) - s0)) ns"
}
. /usr/lib/xeno/tests/common.sh
again create_again
xm destroy demo
if xm create /etc/xen/demo.cfg 'name="flood"' \
    "extra=\"console=hvc0 xeno.run64=$(printf '%s' "$flood" | base64 -w0)\"" >/tmp/bench.out 2>&1; then
    i=0
    while ! grep -qa XENO-FLOOD /var/log/xen/console/guest-flood.log 2>/dev/null && [ $i -lt 6000 ]; do
        usleep 50000; i=$((i + 1))
    done
    xm list
    again create_flood
    xm list # each domain's CPU seconds (Time) after: the flooder's share
    xm destroy demo
    xm destroy flood
else
    echo "BENCH-NA xm_create_flood the flooder's xm create failed: $(tail -n 1 /tmp/bench.out)"
fi
