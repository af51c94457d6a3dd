# bench/split/dom0.sh - dom0's side of the split-driver figures (bench/run.py,
# workload "split"), run as xeno.test=splitbench: bench/split.py appends it
# to the dom0 image as /usr/lib/xeno/tests/splitbench.sh with the tools
# disk /var/lib/xen/images/split/tools.img and iperf3 in /opt/bench.
#   1. xenbr0 with 10.0.0.1/24; iperf3's server on it; xvda.img (64 MiB)
#      in dom0's tmpfs;
#   2. for the domU -> domU figure (step d2d): `xl create` of domU "peer"
#      (128 MiB, tools.img as xvdb (r) too, a vif on xenbr0), which runs
#      `domu.sh peer` (iperf3's server on 10.0.0.3); dom0 waits until it
#      listens, so that its boot does not overlap the other figures;
#   3. `xl create` of domU "split": the I/O domU's initrd (blkfront,
#      netfront), xvda.img as xvda (w), tools.img as xvdb (r), a vif on
#      xenbr0; its xeno.run64 mounts xvdb and runs bench/split/domu.sh,
#      which prints the BENCH lines on its console;
#   4. the domU's console log shown as it comes, until it is done (or 1200 s),
#      then both domUs destroyed if still there; rc 0 if it printed figures.
# Debian's block script lets two domUs have the same file read-only (each
# through its own loop device): only a writer is refused.
. /usr/lib/xeno/tests/common.sh
log=/var/log/xen/console/guest-split.log
B=/opt/bench
run "bridge" sh -c 'brctl addbr xenbr0 && ip addr add 10.0.0.1/24 dev xenbr0 &&
    ip link set xenbr0 up'
"$B/lib/ld-linux-x86-64.so.2" --library-path "$B/lib" "$B/bin/iperf3" -s \
    >/tmp/iperf3.log 2>&1 &
# xeno.split=STEP,... on dom0's command line reaches the domU (domu.sh).
steps=$(tr ' ' '\n' </proc/cmdline | grep '^xeno\.split=')
dd if=/dev/zero of=/tmp/xvda.img bs=1M count=64 2>/dev/null
# boot64 [ARG]: the domUs' xeno.run64, domu.sh ARG from the tools disk.
boot64() {
    printf '%s\n' 'i=0; while [ ! -b /dev/xvdb ] && [ $i -lt 600 ]; do' \
        'sleep 0.5; i=$((i + 1)); done; mkdir -p /t && mount -t ext4 -o ro /dev/xvdb /t &&' \
        "sh /t/domu.sh $*" | base64 -w0
}
case " $steps" in " " | *[=,]d2d | *[=,]d2d,*) peer=1 ;; *) peer= ;; esac
if [ -n "$peer" ]; then
    cat >/tmp/peer.cfg <<CFG
name = "peer"
type = "pv"
kernel = "/var/lib/xen/images/demo/vmlinuz"
ramdisk = "/var/lib/xen/images/io/initrd.gz"
extra = "console=hvc0 quiet xeno.run64=$(boot64 peer)"
memory = 128
vcpus = 1
disk = [ 'file:/var/lib/xen/images/split/tools.img,xvdb,r' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:03' ]
on_poweroff = "destroy"
on_crash = "destroy"
CFG
    run "create peer" xl create /tmp/peer.cfg
    plog=/var/log/xen/console/guest-peer.log
    i=0
    until grep -q SPLIT-PEER-READY "$plog" 2>/dev/null || [ $i -ge 600 ]; do
        sleep 1; i=$((i + 1))
    done
    echo "waited=${i}s for SPLIT-PEER-READY"
fi
cat >/tmp/split.cfg <<CFG
name = "split"
type = "pv"
kernel = "/var/lib/xen/images/demo/vmlinuz"
ramdisk = "/var/lib/xen/images/io/initrd.gz"
extra = "console=hvc0 quiet xeno.run64=$(boot64) $steps"
memory = 256
vcpus = 1
disk = [ 'file:/tmp/xvda.img,xvda,w', 'file:/var/lib/xen/images/split/tools.img,xvdb,r' ]
vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:02' ]
on_poweroff = "destroy"
on_crash = "destroy"
CFG
run "create split" xl create /tmp/split.cfg
# the domU's console on dom0's as it comes (progress in a live serial log)
tail -n +1 -f "$log" 2>/dev/null | tr -d '\033\r' &
tailer=$!
# (not common.sh's wait_for: on Xen 4.17 under TCG a dom0 process now and
# then dies at its first instruction, and a grep dying there ended that
# wait at once; here a failed grep is a "not yet")
i=0
until grep -q SPLIT-DONE "$log" 2>/dev/null || [ $i -ge 1200 ]; do
    sleep 1; i=$((i + 1))
done
echo "waited=${i}s for SPLIT-DONE"
sleep 1
kill $tailer 2>/dev/null
run "iperf3 server" cat /tmp/iperf3.log
if [ -n "$peer" ]; then run "peer console" sh -c "tr -d '\033\r' <$plog"; fi
# (on_poweroff = "destroy": normally gone by now; the peer is not)
for d in split peer; do
    if xl domid $d >/dev/null 2>&1; then xl destroy $d; fi
done
grep -q '^BENCH ' "$log"
