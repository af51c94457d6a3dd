# xeno.test=basic: the dom0 toolstack answers (tests/toolstack/).
. /usr/lib/xeno/tests/common.sh
echo "capabilities=$(cat /proc/xen/capabilities)"
echo "hypervisor=$(cat /sys/hypervisor/type) $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"
run lsmod lsmod
run processes sh -c 'ps -o comm= | grep -E "xenstored|xenconsole" | sort -u'
run "xl info" xl info
run "xl list" xl list
run "xl list -l" xl list -l
run "xl dmesg" xl dmesg
run "xl uptime" xl uptime
run "xl domid" xl domid Domain-0
run "xl domname" xl domname 0
run "xenstore-read domid" xenstore-read domid
run "xenstore-read name" xenstore-read /local/domain/0/name
run "xenstore-ls" sh -c 'xenstore-ls -f / | grep -E "^/(local/domain/0/(domid|name)|local/pool/0/name|tool)" '
run "xenstore-write" sh -c 'xenstore-write /tool/xeno-test hello && xenstore-read /tool/xeno-test'
# The same node through dom0's kernel (/dev/xen/xenbus): its ring to xenstored
# on the loopback event channel (XS_LOCAL).
run "xenstore via kernel" env XENSTORED_PATH=/dev/xen/xenbus timeout 30 xenstore-read /tool/xeno-test
echo "== end basic"
if [ -n "$XENO_HCLOG" ]; then
    # With xeno.hclog=1: the tools' failed hypercalls (count, comm, op, sub-op, -errno).
    echo "== hclog failures"
    awk '$NF < 0' "$XENO_HCLOG" | sort | uniq -c | sed 's/^ */HCLOG /'
    echo "rc=0"
fi
