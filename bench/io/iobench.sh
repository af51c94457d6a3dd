#!/bin/sh
# bench/io/iobench.sh - the I/O figures of bench/run.py (workload "io"), run
# by the initrd's /init (xeno.run=/bin/xeno-iobench) in dom0 on xeno and on
# Xen 4.17, and in native Linux, on the same QEMU disks: a virtio-blk disk
# (/dev/vda) and an NVMe disk (/dev/nvme0n1), both QEMU null-co backends
# (no host file: reads return zeroes at once, so the figures are the
# guest's and the hypervisor's work per I/O, not a host disk's).
#
# Prints   BENCH <key> <value> <unit>   per figure, or BENCH-NA <key> <why>.
# Timing: fio's own clock (clock_gettime in the guest), i.e. guest virtual
# time under QEMU's -icount. fio reaps completions by polling the AIO ring
# from user space (userspace_reap), so the vCPU never idles: under
# -icount sleep=off an idle vCPU would jump virtual time to the next timer.
set -u
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu
FIO_COMMON="--direct=1 --ioengine=libaio --userspace_reap=1
 --iodepth_batch_complete_min=0 --clocksource=clock_gettime
 --output-format=terse --terse-version=3 --thread"

# fio_run KEY DEV RW BS SIZE DEPTH -> BENCH <key>_iops, <key>_kibs, <key>_sys_ns
fio_run() {
    key=$1 dev=$2
    if [ ! -b "/dev/$dev" ]; then
        echo "BENCH-NA ${key}_iops no /dev/$dev"
        echo "BENCH-NA ${key}_kibs no /dev/$dev"
        echo "BENCH-NA ${key}_sys_ns no /dev/$dev"
        return
    fi
    # shellcheck disable=SC2086
    out=$(fio --name="$key" --filename="/dev/$dev" --rw="$3" --bs="$4" --size="$5" \
              --iodepth="$6" $FIO_COMMON 2>&1) || {
        echo "iobench: fio $key failed: $out"
        echo "BENCH-NA ${key}_iops fio failed"
        echo "BENCH-NA ${key}_kibs fio failed"
        echo "BENCH-NA ${key}_sys_ns fio failed"
        return
    }
    # terse v3: field 6 read KiB, 7 read KiB/s, 8 read IOPS, 9 read runtime
    # ms; 88 and 89 user and system CPU (fio's getrusage, tick-sampled).
    # _sys_ns: system CPU per I/O, a work proxy that does not count the
    # polling while QEMU's threads complete a request in host time.
    case $4 in 4k) bs_kib=4 ;; 1M) bs_kib=1024 ;; *) bs_kib=0 ;; esac
    echo "$out" | awk -F';' -v k="$key" -v bs="$bs_kib" '$1 == 3 {
        printf "FIO %s kib=%s runtime_ms=%s usr=%s sys=%s\n", k, $6, $9, $88, $89
        printf "BENCH %s_iops %d IOPS\n", k, $8 + 0.5
        printf "BENCH %s_kibs %d KiB/s\n", k, $7 + 0.5
        sub("%", "", $89)
        if (bs > 0 && $6 > 0)
            printf "BENCH %s_sys_ns %d ns\n", k, $9 * 1e6 * $89 / 100 / ($6 / bs) + 0.5
        else
            printf "BENCH-NA %s_sys_ns no reads\n", k }'
}

for d in vda:vblk nvme0n1:nvme; do
    dev=${d%%:*} name=${d##*:}
    fio_run "fio_${name}_rand4k" "$dev" randread 4k 64M 32
    fio_run "fio_${name}_seq1m" "$dev" read 1M 1G 8
done
