# Sourced by the test scripts: each command's output is printed between
# "== <label>" and "rc=<n>" lines (tests/toolstack/dom0_checks.py:section);
# wait_for watches the demo domU's console log ($log).
run() {
    label=$1; shift
    echo "== $label"
    "$@"
    rc=$?
    echo "rc=$rc"
    return $rc
}
log=/var/log/xen/console/guest-demo.log
# wait_for PATTERN COUNT SECONDS: until $log has COUNT lines matching.
wait_for() {
    i=0
    while [ "$(grep -c "$1" "$log" 2>/dev/null)" -lt "$2" ] && [ $i -lt "$3" ]; do
        sleep 1; i=$((i + 1))
    done
    echo "waited=${i}s for $2 x $1"
}
