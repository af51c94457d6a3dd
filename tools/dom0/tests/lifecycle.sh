# xeno.test=lifecycle: what a user does to a running domU with xl, on the
# demo domU (/etc/xen/demo.cfg with maxvcpus=2): pause/unpause (its CPU
# time stops), console (type, read, detach), credit2 weight, vcpu-pin,
# vcpu-set, mem-set (the balloon gives memory back), shutdown -w (through xenstore's control/shutdown), create
# again, reboot (on_reboot=restart), rename, destroy; then a 2-vCPU domU that
# crashes under on_crash=destroy. Checked by
# tests/toolstack/dom0_checks.py:check_lifecycle on both hypervisors.
. /usr/lib/xeno/tests/common.sh
field() { xl list demo 2>/dev/null | awk -v f="$1" '$1 == "demo" { print $f }'; }
# wait_list FIELD VALUE SECONDS: until xl list shows demo's FIELD (3 memory, 4 vCPUs) at VALUE.
wait_list() {
    i=0
    while [ "$(field "$1")" != "$2" ] && [ $i -lt "$3" ]; do sleep 1; i=$((i + 1)); done
}

# The domU onlines the vCPUs the toolstack makes present, as udev would.
hotplug='while :; do for c in /sys/devices/system/cpu/cpu[1-9]*; do
[ "$(cat $c/online 2>/dev/null)" = 0 ] && echo 1 >$c/online; done; sleep 1; done >/dev/null 2>&1 &'
run "create" xl create /etc/xen/demo.cfg maxvcpus=2 \
    "extra=\"console=hvc0 xeno.shell=1 xeno.run64=$(printf '%s' "$hotplug" | base64 -w0)\""
wait_for XENO-INIT-READY 1 600
run "pause" sh -c 'xl pause demo && xl list demo'
t1=$(field 6); sleep 4; t2=$(field 6)
echo "PAUSED-TIME $t1 $t2"
run "unpause" sh -c 'xl unpause demo && xl list demo'
# The console: a command typed into the domU's shell, its answer, Ctrl-] to
# detach. xl console execs xenconsole, which reads its input only from a
# terminal or with --interactive: called directly here, with a pipe.
run "console" sh -c "(sleep 3; printf 'echo XENO-CONSOLE-\$((6*7))\r'; sleep 5; printf '\035') |
    timeout 60 /usr/lib/xen-4.17/bin/xenconsole --interactive --type pv \$(xl domid demo) |
    tr -d '\r' | grep -a XENO-CONSOLE-42"
run "sched-credit2 set" xl sched-credit2 -d demo -w 512
run "sched-credit2 get" xl sched-credit2 -d demo
run "vcpu-pin" xl vcpu-pin demo 0 1
run "vcpu-set 2" xl vcpu-set demo 2
i=0
while [ "$(xl vcpu-list demo | awk '$1 == "demo" && $3 == 1 { print $5 }')" = "--p" ] && [ $i -lt 60 ]; do
    sleep 1; i=$((i + 1))
done
run "vcpu-list" xl vcpu-list demo
free0=$(xl info | awk '$1 == "free_memory" { print $3 }')
run "mem-set 96m" xl mem-set demo 96m
wait_list 3 96 120
free1=$(xl info | awk '$1 == "free_memory" { print $3 }')
echo "FREE-MEMORY $free0 $free1"
run "list after mem-set" xl list demo
run "mem-set 128m" xl mem-set demo 128m
wait_list 3 128 120
run "list after mem-set back" xl list demo
run "shutdown -w" timeout 300 xl shutdown -w demo
# -w returns once demo has shut down; xl's own process then destroys it.
i=0
while xl domid demo >/dev/null 2>&1 && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
run "list after shutdown" xl list
run "create again" xl create /etc/xen/demo.cfg
wait_for XENO-INIT-READY 2 600
id1=$(xl domid demo)
run "reboot" xl reboot demo
wait_for XENO-INIT-READY 3 600
i=0
while [ "$(xl domid demo 2>/dev/null)" = "$id1" ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
echo "REBOOTED $id1 $(xl domid demo 2>/dev/null)"
run "rename" sh -c 'xl rename demo renamed && xl list renamed'
run "rename back" sh -c 'xl rename renamed demo && xl domid demo'
run "destroy" xl destroy demo
run "list at the end" xl list
# A 2-vCPU domU that crashes (sysrq c: its panic handler asks for
# SHUTDOWN_crash); on_crash=destroy: xl sees the crash and destroys it.
crash='echo "XENO-CPUS $(grep -c ^processor /proc/cpuinfo)"; sleep 1; echo c >/proc/sysrq-trigger'
run "create crashy" xl create /etc/xen/demo.cfg 'name="crashy"' vcpus=2 'on_crash="destroy"' \
    "extra=\"console=hvc0 xeno.run64=$(printf '%s' "$crash" | base64 -w0)\""
i=0
while xl domid crashy >/dev/null 2>&1 && [ $i -lt 600 ]; do sleep 1; i=$((i + 1)); done
run "crashy console" sh -c 'f=/var/log/xen/console/guest-crashy.log
    grep -a XENO-CPUS $f; echo "sysrq-crashes=$(grep -ac "sysrq triggered crash" $f)"'
run "list after crash" xl list
run "domU console" grep -E "XENO-INIT-READY|XENO-POWEROFF|XENO-REBOOT|Kernel panic|Oops" "$log"
[ -z "$XENO_HCLOG" ] || { echo "== hclog failures (all)"; awk '$NF < 0' "$XENO_HCLOG" | sort | uniq -c | sed "s/^ */HCLOG /"; echo "rc=0"; }
echo "== end lifecycle"
