# xeno.test=saverestore: `xl save -c` (checkpoint), then `xl save` +
# `xl restore` (non-live) of the demo
# domU while it runs a workload: it fills a 16 MiB tmpfs file from
# /dev/urandom, then prints "SR-TICK <n> <md5 of the file>" every 2 s. After
# the restore the counter must go on from where it was and the checksum must
# not change (tests/toolstack/test_saverestore.py reads the sections).
. /usr/lib/xeno/tests/common.sh
work='dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null
i=0
while :; do i=$((i + 1)); echo "SR-TICK $i $(md5sum </tmp/f)"; sleep 2; done'
run64=$(printf '%s\n' "$work" | base64 | tr -d '\n')
run "xl create" xl create /etc/xen/demo.cfg "extra=\"console=hvc0 xeno.run64=$run64\""
wait_for SR-TICK 3 600
run "ticks before" sh -c "grep -a SR-TICK $log | tail -n 3"
# A checkpoint: the domain is saved and goes on running (libxc resumes it:
# setvcpucontext of its running vCPU, resumedomain).
run "xl save -c" xl save -c demo /tmp/demo.ckpt
rm -f /tmp/demo.ckpt
now=$(grep -ac SR-TICK "$log")
wait_for SR-TICK $((now + 2)) 120
run "ticks after checkpoint" sh -c "echo resumed-at $now; grep -a SR-TICK $log | tail -n 4"
run "xl save" xl save demo /tmp/demo.save
run "xl list after save" xl list
run "last tick saved" sh -c "grep -a SR-TICK $log | tail -n 1"
run "save file" sh -c 'ls -l /tmp/demo.save | awk "{ print \$5 }"; head -c 32 /tmp/demo.save | tr "\\0" . ; echo'
before=$(grep -ac SR-TICK "$log")
run "xl restore" xl restore /tmp/demo.save
wait_for SR-TICK $((before + 3)) 120
run "xl list after restore" xl list
run "ticks after" sh -c "grep -a SR-TICK $log | tail -n 5"
run "console tail" sh -c "tail -n 15 $log"
run "domU console" sh -c "grep -aE 'Linux version|XENO-INIT-READY|Kernel panic|Oops|WARNING|BUG|suspend|resum' $log | tail -n 40"
run "xl destroy" xl destroy demo
run "xl list after destroy" xl list
[ -z "$XENO_HCLOG" ] || { echo "== hclog failures (all)"; awk '$NF < 0' "$XENO_HCLOG" | sort | uniq -c | sed "s/^ */HCLOG /"; echo "rc=0"; }
echo "== end saverestore"
