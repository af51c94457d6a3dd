# xeno.test=migbench (bench/run.py's workload "migrate", bench/migrate.py):
# live migrations with our toolstack between two machines booted under
# icount, each running this script (xeno.migbench=a or b on its command
# line; booted with xeno.toolstack=xeno). As tools/dom0/tests/migrate2.sh,
# each dom0 bridges its e1000e eth0 into xenbr0: A 10.9.0.1, B 10.9.0.2,
# joined by QEMU dgram netdevs on unix sockets (nothing else on the wire).
# Both xends listen on relocation port 8004, each allowing only the other.
#
# The cases, in order, each domU created where the previous one arrived
# (so one machine works at a time and one pair of boots serves all four):
#   idle128   A -> B   an idle 128 MiB domU (a counter: one line a second)
#   idle256   B -> A   the same at 256 MiB
#   idle512   A -> B   the same at 512 MiB
#   dirty256  B -> A   256 MiB, its counter also rewriting 4 MiB of a
#                      64 MiB tmpfs file every 0.25 s (16 MiB/s, each
#                      second's pages distinct from the last second's)
# Each machine first creates and destroys a domU of its own (warmup). The
# source creates the domU (`xm create` of demo.cfg with the case's
# name, memory and /init script), waits for 3 ticks (dirtying: 5, a pass
# over its file), runs `xm migrate -p 8004 --json --live NAME PEER` and
# prints `MIGBENCH-JSON <case> <rc> <the JSON on one line>` and
# `MIGBENCH-LAST <case> <its last tick here>`. The target
# waits for xend's "migrated in" (its own log's "migration in:" and
# "migrated in" lines, each as `MIGBENCH-IN <case> <line>`: its side on its
# own clock), for 2 more ticks from the counter
# (`MIGBENCH-TICKS <case> <its last 3 ticks here>`), destroys the domU
# and is the next case's source.
#
# A step that fails (xm create, xm migrate) ends both scripts: the machine
# says `abort` to the other's port 8011 (a listener writing /tmp/abort,
# which every wait here checks) and exits 1, so the pair does not wait for
# the harness's timeout.
#
# Under icount with sleep=off an idle machine's clock jumps to its next
# timer: a wait for the other machine lasts no fixed virtual time, so no
# wait here is bounded by a count of sleeps that could run out before the
# other machine (slower in real time) gets there; the harness's real-time
# QEMU timeout bounds the run.
. /usr/lib/xeno/tests/common.sh
role=
for w in $(cat /proc/cmdline); do
    case $w in xeno.migbench=*) role=${w#*=} ;; esac
done
case $role in
    a) me=10.9.0.1 peer=10.9.0.2 ;;
    b) me=10.9.0.2 peer=10.9.0.1 ;;
    *) echo "migbench: no xeno.migbench=a|b on the command line"; exit 1 ;;
esac
port=8004
con=/var/log/xen/console

# nic: e1000e's eth0 on xenbr0, the bridge holding $me/24.
nic() {
    modprobe e1000e || return 1
    until [ -e /sys/class/net/eth0 ]; do sleep 1; done
    brctl addbr xenbr0 && brctl addif xenbr0 eth0 && ip link set eth0 up &&
        ip addr add "$me/24" dev xenbr0 && ip link set xenbr0 up &&
        ip -o -4 addr show xenbr0
}

# The domU's /init script (xeno.run64): a tick a second, and for "dirty"
# the 16 MiB/s writer (dd conv=notrunc: the file's own pages rewritten).
domu_script() {
    if [ "$1" = dirty ]; then
        cat <<'EOF'
dd if=/dev/zero of=/tmp/d bs=1M count=64 2>/dev/null
i=0;while :;do i=$((i+1));echo "MB-TICK $i"
for k in 0 1 2 3;do dd if=/dev/zero of=/tmp/d bs=1M count=4 seek=$(((i*4+k)%16*4)) conv=notrunc 2>/dev/null;sleep .25;done;done
EOF
    else
        echo 'i=0;while :;do i=$((i+1));echo "MB-TICK $i";sleep 1;done'
    fi
}

ticks() { n=$(grep -ac MB-TICK "$con/guest-$1.log" 2>/dev/null); echo "${n:-0}"; }
last_tick() { grep -a MB-TICK "$con/guest-$1.log" | tail -n 1 | tr -dc '0-9'; }
# abort WHY: tell the other machine, and end here.
abort() {
    echo "MIGBENCH-ABORT $*"
    echo abort | nc $peer 8011 >/dev/null 2>&1
    exit 1
}
aborted() {
    if [ -s /tmp/abort ]; then
        echo "MIGBENCH-ABORT by the other machine"
        exit 1
    fi
}
wait_ticks() { # NAME COUNT
    until [ "$(ticks "$1")" -ge "$2" ]; do aborted; sleep 1; done
}

source_case() { # CASE MEMORY KIND
    r=$(domu_script "$3" | base64 -w0)
    run "xm create $1" xm create /etc/xen/demo.cfg "name=\"$1\"" "memory=$2" \
        "extra=\"console=hvc0 quiet xeno.run64=$r\"" || abort "xm create $1"
    want=3
    [ "$3" = dirty ] && want=5
    wait_ticks "$1" $want
    xm migrate -p $port --json --live "$1" $peer >/tmp/mig.json 2>/tmp/mig.err
    rc=$?
    echo "MIGBENCH-JSON $1 $rc $(tr -d '\n' </tmp/mig.json)"
    [ $rc = 0 ] || { run "xm migrate $1 stderr" cat /tmp/mig.err; abort "xm migrate $1"; }
    echo "MIGBENCH-LAST $1 $(last_tick "$1")"
}

target_case() { # CASE COUNT: the COUNT-th arrival
    until [ "$(grep -c 'migrated in' /var/log/xen/xend.log)" -ge "$2" ]; do
        aborted
        sleep 2
    done
    echo "MIGBENCH-IN $1 $(grep -a 'migration in:' /var/log/xen/xend.log | tail -n 1)"
    echo "MIGBENCH-IN $1 $(grep -a 'migrated in' /var/log/xen/xend.log | tail -n 1)"
    b=$(ticks "$1")
    wait_ticks "$1" $((b + 2))
    echo "MIGBENCH-TICKS $1 $(grep -a MB-TICK "$con/guest-$1.log" | tail -n 3 | tr -dc '0-9 \n' |
        tr '\n' ' ')"
    run "xm destroy $1" xm destroy "$1"
}

sleep 99999999 | nc -l -p 8011 >/tmp/abort &
run "nic" nic || abort "no NIC"
run "xend restart with relocation" sh -c \
    "xend stop; xend start --relocation-port $port --relocation-hosts-allow $peer"
# A first domU on each machine, created and destroyed before the cases:
# the first domain a dom0 ever hosts costs it a one-time ~60 ms in
# XS_INTRODUCE (seen as the target's part of the first case), which is
# not the migration's.
r=$(domu_script idle | base64 -w0)
run "xm create warmup" xm create /etc/xen/demo.cfg 'name="warmup"' \
    "extra=\"console=hvc0 quiet xeno.run64=$r\"" || abort "xm create warmup"
wait_ticks warmup 1
run "xm destroy warmup" xm destroy warmup || abort "xm destroy warmup"
# The start: B says ready once its xend listens; A waits for it.
if [ $role = b ]; then
    echo ready | nc -l -p 8010 >/dev/null
else
    until nc $peer 8010 </dev/null 2>/dev/null | grep -q ready; do aborted; sleep 1; done
fi
echo "MIGBENCH-START"
n=0
for c in idle128:128:idle idle256:256:idle idle512:512:idle dirty256:256:dirty; do
    name=${c%%:*} rest=${c#*:}
    src=a
    [ $((n % 2)) = 1 ] && src=b
    n=$((n + 1))
    if [ $src = $role ]; then
        source_case "$name" "${rest%%:*}" "${rest#*:}"
    else
        target_case "$name" $((n / 2 + n % 2))
    fi
done
run "xend log" sh -c "grep -a -i 'migrat' /var/log/xen/xend.log; true"
echo "MIGBENCH-DONE"
