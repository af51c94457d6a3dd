#!/usr/bin/env bash
# run-reference.sh - boot a PV kernel as dom0 on the reference hypervisor
# (Debian's Xen 4.17) under QEMU TCG and capture the serial log.
#
# Usage: scripts/run-reference.sh [options] -- KERNEL [CMDLINE-WORD...] [--initrd FILE]
#
# Example (Debian's kernel + our busybox initrd, see docs/reference.md):
#   scripts/fetch-debian.sh && scripts/mkinitrd.sh
#   scripts/run-reference.sh --log /tmp/ref.log --timeout 300 --icount \
#       --expect XENO-INIT-READY -- .cache/debian/vmlinux \
#       console=hvc0 earlyprintk=xen --initrd .cache/debian/initrd.cpio.gz
# (.cache/debian/vmlinuz, the bzImage, works too but costs Xen ~4.5 s of
# guest time for the XZ decompression. dom0 has ACPI and PCI on: its
# poweroff is ACPI S5 and QEMU exits by itself; with acpi=off, Xen halts
# instead, which the halt detection below handles: see docs/reference.md.)
#
# Common options (same meaning for the xeno runner; see scripts/lib/qemu-boot.sh):
#   --log FILE  --console  --timeout SECS (default 300)  --smp N (2)  --mem MB (512)
#   --icount  --cpu MODEL (max,-smap,-smep)  --machine TYPE (q35)
#   --halt-on REGEX  --fail-on REGEX  --expect REGEX  --qemu-arg ARG  -q|--quiet
# Reference-only options:
#   --xen FILE         hypervisor image (default $XENO_CACHE/xen, fetched if absent)
#   --dom0-mem SIZE    dom0_mem= value (default 256M,max:256M)
#   --xen-arg WORD     append WORD to Xen's command line (repeatable)
#   --no-halt-detect   do not stop QEMU when Xen reports the dom0 halt
#   --no-fail-detect   do not stop QEMU on a Xen panic, dom0 crash or
#                      Linux panic (default: stop at once, exit status 3)
#
# Xen's command line is
#   console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all
#   console_timestamps=boot dom0_mem=<SIZE> spec-ctrl=eager-fpu
#   [--xen-arg words...]
# spec-ctrl=eager-fpu: on this CPU (QEMU's max model, AMD's vendor) Xen
# switches the FPU lazily (CR0.TS, then the state on the first #NM), and
# under QEMU 7.2's TCG that lets guest processes run on another context's
# FPU and vector registers: dom0's programs died at random and decoders
# read corrupt data whenever a domU competed for the CPU (docs/testing.md,
# "Xen 4.17 and the lazy FPU"). Eagerly switched, Xen's default on Intel
# parts, none did.
# Xen does not power the machine off when dom0 powers off ("Hardware Dom0
# halted: halting machine"): it halts all CPUs and QEMU would sit there until
# the timeout. So unless --no-halt-detect, this script stops QEMU when that
# line appears (end=halt, status 0). A dom0 reboot makes Xen reset the
# machine, and QEMU, run with -no-reboot, exits by itself (end=exit, status 0).
# A dom0 crash or Xen panic is followed by "rebooting machine in 5 seconds",
# which under TCG can take minutes (it never happened within 300 s with
# --icount), and a Linux panic just hangs; so unless --no-fail-detect, the
# first "(XEN) ... Panic on CPU", "(XEN) ... Hardware Dom0 crashed" or
# "Kernel panic - not syncing" stops QEMU (end=fail, status 3).
#
# Exit status: 0 clean end (halt detected or QEMU exited 0), 124 timeout,
# 3 failure detected, 1 an --expect regex was not found, 2 usage error,
# else QEMU's status.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

xen='' dom0_mem=256M,max:256M halt=1 fail=1
xen_args=() pass=()
while [ $# -gt 0 ]; do
    case $1 in
        --xen) xen=$2; shift ;;
        --dom0-mem) dom0_mem=$2; shift ;;
        --xen-arg) xen_args+=("$2"); shift ;;
        --no-halt-detect) halt=0 ;;
        --no-fail-detect) fail=0 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        --hv|--hv-cmdline) xeno_warn "$1 is set by this script; use --xen / --xen-arg"; exit 2 ;;
        --log|--timeout|--smp|--mem|--cpu|--machine|--halt-on|--fail-on|--expect|--qemu-arg)
            [ $# -ge 2 ] || { xeno_warn "$1 needs a value"; exit 2; }
            pass+=("$1" "$2"); shift ;;
        --) pass+=("$@"); break ;;
        *) pass+=("$1") ;;
    esac
    shift
done

if [ -z "$xen" ]; then
    xen=$XENO_CACHE/xen
    [ -f "$xen" ] || "$XENO_ROOT/scripts/fetch-debian.sh" xen >/dev/null
fi
cmdline="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all console_timestamps=boot dom0_mem=$dom0_mem spec-ctrl=eager-fpu"
[ ${#xen_args[@]} -eq 0 ] || cmdline="$cmdline ${xen_args[*]}"

extra=()
[ $halt = 0 ] || extra+=(--halt-on '\(XEN\) .*Hardware Dom0 halted')
[ $fail = 0 ] || extra+=(--fail-on '\(XEN\) .*(Panic on CPU|Hardware Dom0 crashed)'
                         --fail-on 'Kernel panic - not syncing')

XENO_PROG=$(basename "$0") exec "$XENO_ROOT/scripts/lib/qemu-boot.sh" \
    --hv "$xen" --hv-cmdline "$cmdline" ${extra[@]+"${extra[@]}"} ${pass[@]+"${pass[@]}"}
