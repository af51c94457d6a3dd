#!/usr/bin/env bash
# xen-tlsstress.sh - boot the dom0 image on Debian's Xen 4.17 (as
# tests/toolstack boots it) with xeno.test=tlsstress and print its crash
# counts: a fast reproducer of the random dom0 user crashes under QEMU TCG
# (docs/testing.md "Xen 4.17 and the lazy FPU"). Not part of `make test`.
# run-reference.sh switches Xen's FPU eagerly, which ends them; pass
# `--xen-arg spec-ctrl=eager-fpu=0` to see them.
#
# Usage: scripts/xen-tlsstress.sh [--secs N] [--tag NAME] [run-reference.sh options]
#   --secs N    seconds of stress in dom0 (default 120)
#   --tag NAME  log name: build/test-logs/tlsstress-NAME.log (default base)
#   --loops L   dom0 loops to run, a comma list of applets,xl,cycles (all)
# Other options (--cpu, --xen-arg, --qemu-arg, --smp...) go to
# scripts/run-reference.sh. Prints one line:
#   tlsstress <tag>: runs=<n> signalled=<n> segv=<n> wall=<s>s rc=<n>
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

secs=120 tag=base loops=applets,xl,cycles pass=()
while [ $# -gt 0 ]; do
    case $1 in
        --secs) secs=$2; shift ;;
        --tag) tag=$2; shift ;;
        --loops) loops=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) pass+=("$1") ;;
    esac
    shift
done
image=${XENO_DOM0_IMAGE:-$("$XENO_ROOT/scripts/mkdom0.sh" -q)}
log=$XENO_ROOT/build/test-logs/tlsstress-$tag.log
t0=$(date +%s)
rc=0
"$XENO_ROOT/scripts/run-reference.sh" -q --log "$log" --timeout $((secs + 300)) \
    --mem 1024 --dom0-mem 512M,max:512M ${pass[@]+"${pass[@]}"} -- \
    "$XENO_CACHE/vmlinux" console=hvc0 earlyprintk=xen xeno.test=tlsstress \
    "xeno.stress=$secs" "xeno.stress_loops=$loops" --initrd "$image" </dev/null || rc=$?
t1=$(date +%s)
tr -d '\r' <"$log" | awk -v tag="$tag" -v w=$((t1 - t0)) -v rc=$rc '
    /STRESS-LOOP/ { for (i = 3; i <= NF; i++) { split($i, kv, "="); n[kv[1]] += kv[2] } }
    /STRESS-SEGV/ { split($2, kv, "="); segv = kv[2] }
    END { printf "tlsstress %s: runs=%d signalled=%d segv=%s wall=%ds rc=%d\n",
                 tag, n["runs"], n["signalled"], segv == "" ? "?" : segv, w, rc }'
