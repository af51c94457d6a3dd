# Sourced by the test scripts: each command's output is printed between
# "== <label>" and "rc=<n>" lines (tests/toolstack/dom0_checks.py:section).
run() {
    label=$1; shift
    echo "== $label"
    "$@"
    rc=$?
    echo "rc=$rc"
    return $rc
}
