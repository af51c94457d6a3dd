#!/bin/sh
# bench/split/domu.sh - the domU's side of the split-driver figures
# (bench/run.py, workload "split"; dom0's side: bench/split/dom0.sh). On
# the tools disk (xvdb, ext4, read-only: fio, iperf3 and their libraries
# from bench/packages, under /t), started by the domU's xeno.run64.
#   net:  eth0 10.0.0.2/24 on dom0's bridge; iperf3 TCP to dom0's server
#         (domU -> dom0), then in reverse (-R: dom0 -> domU), then to the
#         peer domU's server (domU -> domU);
#   disk: fio on xvda (a file in dom0's tmpfs, loop + blkback): 4 KiB
#         random read, 1 MiB sequential read and write, direct I/O.
# Prints BENCH <key> <value> <unit> per figure, or BENCH-NA <key> <why>.
# `domu.sh peer` is the peer domU's side instead (dom0.sh's domU "peer",
# the same tools disk read-only): eth0 10.0.0.3/24 and iperf3's server,
# SPLIT-PEER-READY once it listens; it runs until dom0 destroys it.
# Timing: the tools' own clocks (virtual time under QEMU's -icount). fio
# waits for completions in io_getevents (no userspace_reap, unlike figure
# 10): with one CPU a domU polling its AIO ring keeps it from dom0's
# blkback until the scheduler preempts it (on Xen 4.17 the 4 KiB run did
# not end in 10 minutes).
set -u
T=/t
run() { "$T/lib/ld-linux-x86-64.so.2" --library-path "$T/lib" "$@"; }
: "${SECS:=4}"

# iperf KEY SERVER ARGS...: the receiver's rate of the run's summary, in Kbit/s.
iperf() {
    key=$1 server=$2; shift 2
    out=$(run "$T/bin/iperf3" -c "$server" -t "$SECS" -f k "$@" 2>&1)
    echo "$out" | grep -E 'sender|receiver' | sed "s/^/IPERF $key /"
    rate=$(echo "$out" | awk '/ receiver$/ { for (i = 1; i < NF; i++)
        if ($(i + 1) == "Kbits/sec") v = $i } END { if (v != "") printf "%d", v + 0.5 }')
    if [ -n "$rate" ]; then
        echo "BENCH $key $rate Kbit/s"
    else
        echo "BENCH-NA $key iperf3 failed: $(echo "$out" | tail -n 1)"
    fi
}

# fio_run KEY RW BS SIZE DEPTH -> BENCH <key>_iops and <key>_kibs
fio_run() {
    key=$1
    out=$(run "$T/bin/fio" --name="$key" --filename=/dev/xvda --rw="$2" --bs="$3" \
        --size="$4" --iodepth="$5" --direct=1 --ioengine=libaio --clocksource=clock_gettime \
        --output-format=terse --terse-version=3 --thread 2>&1) || {
        echo "split: fio $key failed: $out"
        echo "BENCH-NA ${key}_iops fio failed"
        return
    }
    # terse v3: 7, 8 read KiB/s and IOPS; 48, 49 write KiB/s and IOPS.
    echo "$out" | awk -F';' -v k="$key" '$1 == 3 {
        r = $8 > 0 ? 1 : 0
        printf "FIO %s read=%s,%s write=%s,%s usr=%s sys=%s\n", k, $7, $8, $48, $49, $88, $89
        printf "BENCH %s_iops %d IOPS\n", k, (r ? $8 : $49) + 0.5
        printf "BENCH %s_kibs %d KiB/s\n", k, (r ? $7 : $48) + 0.5 }'
}

# wait_ping ADDR: up to 60 tries of a ping; prints how many failed.
wait_ping() {
    i=0
    until ping -c 1 -W 1 "$1" >/dev/null 2>&1 || [ $i -ge 60 ]; do i=$((i + 1)); done
    echo "$i"
}

if [ "${1:-}" = peer ]; then
    ip link set eth0 up && ip addr add 10.0.0.3/24 dev eth0
    echo "SPLIT-PEER net up (waited $(wait_ping 10.0.0.1))"
    run "$T/bin/iperf3" -s &
    sleep 1
    echo "SPLIT-PEER-READY"
    wait
    exit 0
fi

ip link set eth0 up && ip addr add 10.0.0.2/24 dev eth0
echo "SPLIT net up (waited $(wait_ping 10.0.0.1))"
# xeno.split=STEP,... (from dom0's command line): only these of tx (domU ->
# dom0), rx (dom0 -> domU), d2d (domU -> the peer domU) and disk (or one
# of its three runs: rand4k, seqread, seqwrite); for traces of one of them.
steps=tx,rx,d2d,disk
for w in $(cat /proc/cmdline); do
    case $w in xeno.split=*) steps=${w#*=} ;; esac
done
has() { case ",$steps," in *",$1,"*) return 0 ;; esac; return 1; }
if has tx; then iperf split_tcp_domu_dom0 10.0.0.1; fi
if has rx; then iperf split_tcp_dom0_domu 10.0.0.1 -R; fi
if has d2d; then
    echo "SPLIT peer up (waited $(wait_ping 10.0.0.3))"
    iperf split_tcp_domu_domu 10.0.0.3
fi
if has disk || has rand4k; then fio_run split_fio_rand4k randread 4k 64M 32; fi
if has disk || has seqread; then fio_run split_fio_seqread1m read 1M 64M 8; fi
if has disk || has seqwrite; then fio_run split_fio_seqwrite1m write 1M 64M 8; fi
echo "SPLIT-DONE"
