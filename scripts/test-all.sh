#!/usr/bin/env bash
# `make test`: every suite in turn, each counted, one summary line at the end.
# Suites: unit (host, cmocka + sanitizers), abi (public headers), style
# (clang-format), fuzz-cfg (20 s of libFuzzer on the xl.cfg parser), boot
# (QEMU boot tests, pytest), guests (test guests on
# xeno), reference (test guests and smoke kernels on Debian's Xen 4.17),
# linux (Debian's Linux as dom0 on xeno), tools/xenstored/tests (our
# xenstored on a Unix socket, driven by Debian's xenstore clients),
# toolstack (the dom0 image with Debian's Xen 4.17 toolstack, on Xen 4.17
# and what works of it on xeno; our xm on both), bench (the benchmark
# harness in its quick mode: every figure produced, no assertion on values).
# XENO_TEST_LANES=n runs toolstack as n pytest processes at once (run_lanes,
# tests/lib/lanes.py, docs/testing.md); by default one, as measured best.
# A suite that fails to run counts as one failure. Exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
total_pass=0
total_fail=0
failed_suites=()

# count suite passed failed: also the suite's wall time (since the last count).
suite_start=$SECONDS
count() {
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
	[ "$3" -eq 0 ] || failed_suites+=("$1")
	printf '== %-6s %d passed, %d failed in %d s\n' "$1" "$2" "$3" $((SECONDS - suite_start))
	suite_start=$SECONDS
}

run_unit() {
	local out p f
	out=$(make --no-print-directory unit-test 2>&1)
	echo "$out" | grep -E '^  (PASS|FAIL)|^\[' | grep -vE '^\[ (RUN|  OK) ' || true
	p=$(echo "$out" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$out" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$p" ] || { echo "$out" | tail -30; p=0; f=1; }
	count unit "$p" "$f"
}

run_simple() { # suite make-target
	if make --no-print-directory "$2" >"build/$1.log" 2>&1; then
		tail -1 "build/$1.log"
		count "$1" 1 0
	else
		tail -30 "build/$1.log"
		count "$1" 0 1
	fi
}

# XENO_TEST_BUDGET (seconds from this script's start, default 80 min): a
# pytest suite still running then is interrupted (SIGINT to its process
# group, QEMUs included: pytest prints what ran and the durations) and counts
# one failure more, so that a hang or a slow machine shows where the time went
# rather than ending in a CI timeout (90 min) with nothing printed.
BUDGET=${XENO_TEST_BUDGET:-4800}
run_pytest() { # suite dir [pytest options]
	local out p f rc left=$((BUDGET - SECONDS))
	[ "$left" -gt 60 ] || left=60
	out=$(timeout -s INT -k 60 "$left" $PY -m pytest -q -rfE -p no:cacheprovider "${@:3}" "$2" 2>&1)
	rc=$?
	echo "$out" | tail -70
	p=$(echo "$out" | tail -1 | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
	f=$(echo "$out" | tail -1 | grep -oE '[0-9]+ (failed|error)' | awk '{s += $1} END {print s + 0}')
	[ -n "$f" ] || f=0
	[ "$p" -gt 0 ] || [ "$f" -gt 0 ] || f=1
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "$2: stopped at the time budget (XENO_TEST_BUDGET=$BUDGET s, $SECONDS s in)"
		f=$((f + 1))
	fi
	count "$2" "$p" "$f"
}

# run_lanes suite dir n: the suite's tests split between n pytest processes
# run at once (tests/lib/lanes.py: each keeps its lane's tests, balanced by
# their measured times), for suites of long boots that mostly wait. Each
# lane's output goes to build/<suite>-lane<i>.log and its end is printed;
# the lanes' counts add up to the suite's line, as from one process.
run_lanes() { # suite dir n
	local i out p=0 f=0 lp lf pids=()
	for i in $(seq "$3"); do
		XENO_LANE=$i/$3 PYTHONPATH=tests/lib $PY -m pytest -q -rfE -p no:cacheprovider -p lanes \
			"$2" >"build/$1-lane$i.log" 2>&1 &
		pids+=($!)
	done
	for i in $(seq "$3"); do
		wait "${pids[$((i - 1))]}"
		out=$(cat "build/$1-lane$i.log")
		echo "-- $1 lane $i/$3"
		echo "$out" | tail -40
		lp=$(echo "$out" | tail -1 | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
		lf=$(echo "$out" | tail -1 | grep -oE '[0-9]+ (failed|error)' | awk '{s += $1} END {print s + 0}')
		lf=${lf:-0}
		[ "$lp" -gt 0 ] || [ "$lf" -gt 0 ] || lf=1 # a lane that ran nothing
		p=$((p + lp))
		f=$((f + lf))
	done
	count "$2" "$p" "$f"
}

mkdir -p build
run_unit
run_simple abi abi-check
run_simple style check-format
run_simple fuzz-cfg fuzz-cfg-smoke
run_pytest xenstored tools/xenstored/tests
run_pytest boot tests/boot
run_pytest guests tests/guests
run_pytest reference tests/reference
run_pytest linux tests/linux
if [ "${XENO_TEST_LANES:-1}" -gt 1 ]; then
	# The dom0 image the lanes' fixtures would each build at once: once, before them.
	scripts/fetch-debian.sh xen linux >/dev/null && scripts/mkdom0.sh -q >/dev/null ||
		echo "the dom0 image was not built (the tests say why)"
	run_lanes toolstack tests/toolstack "$XENO_TEST_LANES"
else
	run_pytest toolstack tests/toolstack --durations=30
fi
run_simple bench bench-quick

echo
[ ${#failed_suites[@]} -eq 0 ] || echo "failed suites: ${failed_suites[*]}"
echo "$total_pass passed, $total_fail failed in $((SECONDS / 60)) min"
[ "$total_fail" -eq 0 ]
