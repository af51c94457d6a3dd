# xeno.test=basic: the dom0 toolstack answers (tests/toolstack/). Each
# command's output is printed between "== <label>" lines, then "rc=<n>".
run() {
    label=$1; shift
    echo "== $label"
    "$@"
    echo "rc=$?"
}
echo "capabilities=$(cat /proc/xen/capabilities)"
echo "hypervisor=$(cat /sys/hypervisor/type) $(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"
run lsmod lsmod
run processes sh -c 'ps -o comm= | grep -E "xenstored|xenconsoled" | sort -u'
run "xl info" xl info
run "xl list" xl list
run "xenstore-read domid" xenstore-read domid
run "xenstore-read name" xenstore-read /local/domain/0/name
run "xenstore-ls" sh -c 'xenstore-ls -f / | grep -E "^/(local/domain/0/(domid|name)|local/pool/0/name|tool)" '
run "xenstore-write" sh -c 'xenstore-write /tool/xeno-test hello && xenstore-read /tool/xeno-test'
echo "== end basic"
