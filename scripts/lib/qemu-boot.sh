#!/usr/bin/env bash
# qemu-boot.sh - boot a multiboot1 hypervisor + PV dom0 kernel under QEMU TCG.
#
# Engine behind scripts/run-reference.sh (Xen 4.17) and, later, the xeno
# runner: both take the same options, this script additionally needs --hv.
#
# Usage: scripts/lib/qemu-boot.sh --hv FILE [--hv-cmdline STR] [options]
#            -- KERNEL [CMDLINE-WORD...] [--initrd FILE]
#
#   --hv FILE          hypervisor image QEMU can -kernel (ELF32/multiboot1)
#   --hv-cmdline STR   hypervisor command line (QEMU -append)
#   --log FILE         write the whole serial log to FILE; without --log the
#                      console goes to stdout (through a temporary log file,
#                      removed afterwards, so --halt-on etc. still work)
#   --console          with --log: also copy the serial console to stdout
#                      (and connect stdin to it, e.g. for xeno.shell=1)
#   --timeout SECS     hard wall-clock limit (default 300); on expiry QEMU is
#                      killed and the exit status is 124
#   --smp N            vCPUs (default 2)
#   --mem MB           guest RAM in MiB (default 512)
#   --icount           deterministic virtual time: -icount shift=0,sleep=off
#                      (1 instruction = 1 ns, idle time skipped; QEMU then
#                      runs all vCPUs on one host thread)
#   --cpu MODEL        QEMU -cpu (default max,-smap,-smep)
#   --machine TYPE     QEMU -machine (default q35)
#   --halt-on REGEX    stop QEMU as soon as the log matches this extended
#                      regex (repeatable). For a machine that does not power
#                      QEMU off by itself (Xen halts the CPUs on dom0
#                      poweroff).
#   --fail-on REGEX    stop QEMU as soon as the log matches this extended
#                      regex and exit 3 (repeatable): hypervisor panics,
#                      dom0 crashes, kernel panics that would otherwise hang
#                      or reboot slowly until the timeout
#   --expect REGEX     after the run, exit 1 unless the log matches REGEX
#                      (repeatable; all must match)
#   --qemu-arg ARG     extra QEMU argument (repeatable, passed verbatim)
#   -q, --quiet        no summary line on stderr
#
# After "--": the dom0 kernel (a bzImage or ELF; the hypervisor's builder
# loads it), then its command line, one word per argument, then optionally
# "--initrd FILE". They become QEMU's first and second multiboot modules
# (-initrd "KERNEL CMDLINE,INITRD"); commas in the command line are escaped
# for QEMU. File names must not contain commas or spaces.
#
# Exit status: 0 if QEMU exited with status 0 or was stopped by --halt-on;
# 124 on timeout; 3 if stopped by --fail-on; 1 if an --expect regex did not
# match (checked only when the status would be 0); 2 on usage errors;
# otherwise QEMU's own non-zero status. A summary line goes to stderr:
#   <prog>: end=<halt|fail|exit|timeout> rc=<n> wall=<s>s log=<file>
# --halt-on/--fail-on poll the log file every 0.25 s.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
bad() { printf '%s: %s (see --help)\n' "$_xeno_prog" "$*" >&2; exit 2; }

hv='' hv_cmdline='' log='' console=0 timeout_s=300 smp=2 mem=512 icount=0
cpu=max,-smap,-smep machine=q35 quiet=0
halt_on=() fail_on=() expect=() qemu_extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --hv|--hv-cmdline|--log|--timeout|--smp|--mem|--cpu|--machine|--halt-on|--fail-on|--expect|--qemu-arg)
            [ $# -ge 2 ] || bad "$1 needs a value" ;;
    esac
    case $1 in
        --hv) hv=$2; shift ;;
        --hv-cmdline) hv_cmdline=$2; shift ;;
        --log) log=$2; shift ;;
        --console) console=1 ;;
        --timeout) timeout_s=$2; shift ;;
        --smp) smp=$2; shift ;;
        --mem) mem=$2; shift ;;
        --icount) icount=1 ;;
        --cpu) cpu=$2; shift ;;
        --machine) machine=$2; shift ;;
        --halt-on) halt_on+=("$2"); shift ;;
        --fail-on) fail_on+=("$2"); shift ;;
        --expect) expect+=("$2"); shift ;;
        --qemu-arg) qemu_extra+=("$2"); shift ;;
        -q|--quiet) quiet=1 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        *) bad "unknown option '$1'" ;;
    esac
    shift
done
[ $# -gt 0 ] || bad "missing '-- KERNEL [CMDLINE...]'"
kernel=$1; shift
words=() initrd=
while [ $# -gt 0 ]; do
    case $1 in
        --initrd) [ $# -ge 2 ] || bad "--initrd needs a file"; initrd=$2; shift ;;
        *) words+=("$1") ;;
    esac
    shift
done

[ -n "$hv" ] || bad "--hv is required"
for f in "$hv" "$kernel" ${initrd:+"$initrd"}; do
    [ -f "$f" ] || bad "no such file: $f"
    case $f in *[,\ ]*) bad "file name must not contain ',' or ' ': $f" ;; esac
done
case $timeout_s in ''|*[!0-9]*) bad "--timeout wants whole seconds" ;; esac
xeno_need qemu-system-x86_64 qemu-system-x86
xeno_need timeout coreutils

# QEMU multiboot module list: "file args,file args"; ',' escapes as ',,'.
mod0="$kernel"
[ ${#words[@]} -eq 0 ] || mod0="$kernel ${words[*]}"
mod0=${mod0//,/,,}
modules=$mod0
[ -z "$initrd" ] || modules="$modules,$initrd"

qemu=(qemu-system-x86_64 -machine "$machine" -cpu "$cpu" -m "$mem" -smp "$smp"
      -display none -vga none -no-reboot -monitor none -nodefaults)
[ $icount = 0 ] || qemu+=(-icount 'shift=0,sleep=off')
errf=$(mktemp "${TMPDIR:-/tmp}/qemu-boot.err.XXXXXX")
tmplog='' qpid=''
trap 'rm -f "$errf" ${tmplog:+"$tmplog"}' EXIT
# If we are interrupted, take QEMU (via its timeout wrapper) down with us.
trap '[ -z "$qpid" ] || kill -TERM "$qpid" 2>/dev/null; exit 130' INT TERM HUP
if [ -z "$log" ]; then
    tmplog=$(mktemp "${TMPDIR:-/tmp}/qemu-boot.log.XXXXXX")
    log=$tmplog console=1
fi
case $log in *,*) xeno_die "log file name must not contain ',': $log" ;; esac
mkdir -p "$(dirname "$log")"
: >"$log"
if [ $console = 1 ]; then
    qemu+=(-chardev "stdio,id=con0,signal=off,logfile=$log")
else
    qemu+=(-chardev "file,id=con0,path=$log")
fi
qemu+=(-serial chardev:con0 -kernel "$hv" -append "$hv_cmdline" -initrd "$modules")
qemu+=(${qemu_extra[@]+"${qemu_extra[@]}"})

if [ $console = 0 ]; then
    qemu_in=/dev/null
else
    qemu_in=/dev/stdin
fi

t0=$(date +%s.%N)
# Hard limit: TERM at the deadline, KILL 5 s later.
timeout -k 5 "$timeout_s" "${qemu[@]}" <"$qemu_in" 2>"$errf" &
qpid=$!
end='exit'
nwatch=$(( ${#halt_on[@]} + ${#fail_on[@]} ))
if [ $nwatch -gt 0 ]; then
    hpat=$(IFS='|'; printf '%s' "${halt_on[*]-}")
    fpat=$(IFS='|'; printf '%s' "${fail_on[*]-}")
    while kill -0 "$qpid" 2>/dev/null; do
        if [ -n "$fpat" ] && grep -qE -- "$fpat" "$log" 2>/dev/null; then
            end=fail
        elif [ -n "$hpat" ] && grep -qE -- "$hpat" "$log" 2>/dev/null; then
            end=halt
        else
            sleep 0.25
            continue
        fi
        sleep 0.5                   # let the last lines reach the log
        kill -TERM "$qpid" 2>/dev/null || true
        break
    done
fi
rc=0
wait "$qpid" || rc=$?
t1=$(date +%s.%N)
# QEMU's own messages (errors, "terminating on signal"): only when not ours.
[ $end = halt ] || [ $end = fail ] || [ ! -s "$errf" ] || cat "$errf" >&2
if [ $end = halt ]; then
    rc=0
elif [ $end = fail ]; then
    rc=3
elif [ $rc = 124 ] || [ $rc = 137 ]; then
    end=timeout rc=124
fi
if [ $rc = 0 ]; then
    for e in ${expect[@]+"${expect[@]}"}; do
        grep -qE -- "$e" "$log" || { xeno_warn "expected /$e/ not in $log"; rc=1; }
    done
fi
shown=$log
[ -z "$tmplog" ] || shown=stdout
# In console mode the guest's last line usually lacks a newline.
[ $quiet = 1 ] || [ $console = 0 ] || echo >&2
[ $quiet = 1 ] || awk -v p="$_xeno_prog" -v e="$end" -v r="$rc" -v a="$t0" \
    -v b="$t1" -v l="$shown" \
    'BEGIN { printf "%s: end=%s rc=%s wall=%.1fs log=%s\n", p, e, r, b - a, l }' >&2
exit "$rc"
