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

# leftovers [SECONDS]: what gone domUs could leave in dom0 (loop devices,
# vifs, backend directories), counted once the backends and hotplug scripts
# let go (they do it after the domain is gone: up to SECONDS, default 60).
leftovers() {
    i=0
    while [ -n "$(losetup -a; ls /sys/class/net | grep '^vif')" ] && [ $i -lt "${1:-60}" ]; do
        sleep 1; i=$((i + 1))
    done
    echo "loops: $(losetup -a | wc -l)"
    echo "vifs: $(ls /sys/class/net | grep -c '^vif')"
    echo "backends: $(xenstore-list /local/domain/0/backend/vbd 2>/dev/null | wc -l)" \
        "$(xenstore-list /local/domain/0/backend/vif 2>/dev/null | wc -l)"
}

# A domU's console flood (xm-monitor.sh, xmbench-flood.sh): 64 KB of
# 80-byte lines, written again and again by cat (its xeno.run64 script).
flood='i=0; while [ $i -lt 800 ]; do echo XENO-FLOOD-0123456789abcdefghijklmnopqrstuvwxyz-0123456789abcdefghijklmnopqr; i=$((i + 1)); done >/tmp/f
while :; do cat /tmp/f; done'
