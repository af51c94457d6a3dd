# xeno.test=tlsstress: a fast reproducer of Xen 4.17's random dom0 user
# crashes under QEMU TCG with its lazy FPU switch (docs/testing.md "Xen 4.17
# and the lazy FPU"). Not in `make test`:
# scripts/xen-tlsstress.sh boots it and reads the counts. For
# xeno.stress=<seconds> (default 120) of dom0 uptime (xeno.stress_loops=
# a comma list picks some of applets,xl,cycles), two shell loops run
# short busybox applets, a third runs `xl list` and a fourth creates and
# destroys a small domU (the demo kernel), while a busy domU (a shell loop)
# competes for the CPUs: the crashes came with domUs running and being built.
# Every program killed by a signal (exit status >= 128) is counted. Prints
#   STRESS-LOOP <name> runs=<n> signalled=<n>   (one per loop)
#   STRESS-SEGV dmesg=<n>                       (kernel "segfault at" lines)
secs=120 loops=applets,xl,cycles
for w in $(cat /proc/cmdline); do
    case $w in
        xeno.stress=*) secs=${w#*=} ;;
        xeno.stress_loops=*) loops=${w#*=} ;;
    esac
done
has() { case ,$loops, in *,$1,*) return 0 ;; esac; return 1; }
read -r up _ </proc/uptime
end=$((${up%.*} + secs))

# one NAME CMD...: run CMD, count it, count it again if a signal ended it.
one() {
    "$@" >/dev/null 2>&1
    rc=$?
    [ $rc -lt 128 ] || { sig=$((sig + 1)); echo "STRESS-SIG $name rc=$rc $*"; }
    runs=$((runs + 1))
}

# applets NAME: busybox applets, each a fresh process, until the deadline.
applets() {
    name=$1 runs=0 sig=0
    while :; do
        read -r up _ </proc/uptime
        [ "${up%.*}" -lt $end ] || break
        one expr "$runs" + 1
        one cat /proc/self/stat
        one ls /usr/lib/xeno
        one sed -n 1p /etc/hostname
        one awk 'BEGIN { exit 0 }'
    done
    echo "STRESS-LOOP $name runs=$runs signalled=$sig"
}

# xlloop: the toolstack (libc malloc, libxl) on the same clock.
xlloop() {
    name=xl runs=0 sig=0
    while :; do
        read -r up _ </proc/uptime
        [ "${up%.*}" -lt $end ] || break
        one xl list
    done
    echo "STRESS-LOOP $name runs=$runs signalled=$sig"
}

# domu NAME [RUN]: a demo-kernel domU config, its /init running RUN.
domu() {
    run=
    [ -z "$2" ] || run="xeno.run64=$(printf '%s' "$2" | base64 -w0)"
    cat <<EOF2 >/tmp/$1.cfg
name = "$1"
type = "pv"
kernel = "/var/lib/xen/images/demo/vmlinuz"
ramdisk = "/var/lib/xen/images/demo/initrd.gz"
extra = "console=hvc0 $run"
memory = 128
vcpus = 1
on_poweroff = "destroy"
EOF2
}

# cycles: create and destroy a domU until the deadline.
cycles() {
    name=cycle runs=0 sig=0
    domu cycle
    while :; do
        read -r up _ </proc/uptime
        [ "${up%.*}" -lt $end ] || break
        one xl create /tmp/cycle.cfg
        one xl destroy cycle
    done
    echo "STRESS-LOOP $name runs=$runs signalled=$sig"
}

domu busy 'while :; do :; done'
xl create /tmp/busy.cfg >/dev/null 2>&1
echo "STRESS-START secs=$secs cpus=$(nproc) busy-domU rc=$?"
! has applets || { applets a & applets b & }
! has xl || xlloop &
! has cycles || cycles &
wait
xl destroy busy
echo "STRESS-SEGV dmesg=$(dmesg | grep -c 'segfault at')"
dmesg | grep -E 'segfault at|general protection|trap ' | head -20
