# xeno.test=toolstack: basic.sh, then the demo domU (/etc/xen/demo.cfg):
# xl create, its /init's marker in its console log, xl list, xl destroy.
. /usr/lib/xeno/tests/basic.sh
log=/var/log/xen/console/guest-demo.log
run "xl create" xl create /etc/xen/demo.cfg
i=0
while ! grep -q XENO-INIT-READY "$log" 2>/dev/null && [ $i -lt 600 ]; do
    sleep 1; i=$((i + 1))
done
echo "waited=${i}s"
run "xl list demo" xl list
run "domU console" sh -c "grep -E 'Linux version|XENO-INIT-READY|Kernel panic' $log"
run "xl destroy" xl destroy demo
run "xl list after" xl list
echo "== end toolstack"
