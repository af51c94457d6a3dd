# Sourced by xm.sh after its first domain is destroyed: what xend does to
# a running domain, and on its own when a domain shuts down, reboots or
# crashes, and across a restart of xend itself. Checked by
# tests/toolstack/test_xm.py:check_lifecycle.
# xl_field NAME FIELD: Debian's xl list column (3 memory, 4 vCPUs, 5 state).
xl_field() { xl list "$1" 2>/dev/null | awk -v n="$1" -v f="$2" '$1 == n { print $f }'; }
# wait_xl NAME FIELD VALUE SECONDS
wait_xl() {
    i=0
    while [ "$(xl_field "$1" "$2")" != "$3" ] && [ $i -lt "$4" ]; do sleep 1; i=$((i + 1)); done
    echo "waited=${i}s for $1 field $2 = $3"
}
xs() { xenstore-read "/local/domain/$(xm domid "$1")/$2"; }

run "xm create again" xm create /etc/xen/demo.cfg
wait_for XENO-INIT-READY 2 300
id1=$(xm domid demo)
run "xm mem-set" xm mem-set demo 96
wait_xl demo 3 96 120
run "mem-set effect" sh -c 'xl list demo; echo "target=$(xenstore-read /local/domain/'"$id1"'/memory/target)"'
run "xm mem-set too big" xm mem-set demo 1g
run "xm mem-max" xm mem-max demo 256m
run "mem-max effect" xs demo memory/static-max
run "xm sched-credit set" xm sched-credit -d demo -w 512 -c 50
run "xm sched-credit get" xm sched-credit -d demo
run "xl sched weight" sh -c 'xl sched-credit2 -d demo 2>/dev/null || xl sched-credit -d demo'
run "xm sched-credit bad" xm sched-credit -d demo -w 0
run "xm rename" sh -c 'xm rename demo renamed && xl list renamed && xm list renamed'
run "rename xenstore" sh -c "xenstore-read /local/domain/$id1/name"
run "xm rename taken" xm rename renamed Domain-0
run "xm rename back" sh -c 'xm rename ren demo && xm domid demo'
run "xm uptime" xm uptime demo
run "xm list -l" xm list -l demo
run "xm list --json" xm list --json
run "xm dmesg" sh -c 'xm dmesg | tail -n 5'
run "xm help mem-set" xm help mem-set
run "xm unknown" xm frobnicate
# xend dies (SIGKILL: no clean-up) and comes back: it adopts demo.
pid=$(xend status | sed -n 's/.*pid \([0-9]*\).*/\1/p')
run "xend kill" sh -c "kill -9 $pid && sleep 1 && xend status"
run "xm while xend is down" xm list
run "xend start again" xend start
run "xm list adopted" xm list demo
run "state files" sh -c 'ls /var/lib/xend/domains | wc -l'
# reboot: the adopted record's on_reboot=restart builds it again, new id.
run "xm reboot" xm reboot demo
wait_for XENO-INIT-READY 3 300
i=0
while [ "$(xm domid demo 2>/dev/null)" = "$id1" ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
echo "REBOOTED $id1 $(xm domid demo 2>/dev/null)"
run "xm list after reboot" xm list demo
# shutdown -w: on_poweroff=destroy is xend's to apply; xm only waits.
run "xm shutdown -w" timeout 120 xm shutdown -w demo
run "xm list after shutdown" xm list
run "domU poweroff" grep -c XENO-POWEROFF "$log"
# A 2-vCPU domain: vcpu-set 1 (its kernel offlines vCPU 1), then it
# crashes once it has (sysrq c), under on_crash=preserve.
crash='i=0; while [ "$(cat /sys/devices/system/cpu/online)" != 0 ] && [ $i -lt 600 ]; do sleep 1; i=$((i+1)); done
echo "XENO-CPUS-ONLINE $(cat /sys/devices/system/cpu/online)"; sleep 1; echo c >/proc/sysrq-trigger'
run "xm create crashy" xm create /etc/xen/demo.cfg 'name="crashy"' vcpus=2 'on_crash="preserve"' \
    "extra=\"console=hvc0 xeno.run64=$(printf '%s' "$crash" | base64 -w0)\""
clog=/var/log/xen/console/guest-crashy.log
i=0
while ! grep -q XENO-INIT-READY $clog 2>/dev/null && [ $i -lt 300 ]; do sleep 1; i=$((i + 1)); done
run "vcpus before" sh -c 'xl list crashy'
run "xm vcpu-set" xm vcpu-set crashy 1
wait_xl crashy 4 1 120
i=0
until case $(xl_field crashy 5) in ???sc?) true ;; *) false ;; esac || [ $i -ge 300 ]; do
    sleep 1; i=$((i + 1))
done
echo "waited=${i}s for crashy to crash"
sleep 3
run "crashed" sh -c 'xl list crashy; xm list crashy; grep -a XENO-CPUS-ONLINE '$clog
run "xend restart" sh -c 'xend restart && xend status'
run "xm destroy preserved" xm destroy crashy
run "xm list at the end" xm list
run "state at the end" sh -c 'ls /var/lib/xend/domains | wc -l'
