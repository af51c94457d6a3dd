# Sourced by xm.sh after xm-lifecycle.sh: xm save and xm restore (xend's
# save.c, libxguest's save.c/restore.c, docs/save-format.md: the file is
# xl's) of a domain whose /init fills a 4 MiB tmpfs file and prints
# "XM-TICK <n> <md5 of the file>" every second: the ticks go on from the
# last one saved after the restore, the checksum unchanged; xm and
# Debian's xl list the restored domain. Then the file is Debian's: xm save
# -> `xl restore`, `xl save` -> xm restore, the ticks and checksum going
# on each time. Then refusals that must leave no domain and no memory
# behind: a taken name, a truncated file (cut in its pages, after the
# domain was built and populated) and a file with a bad magic. Checked by
# tests/toolstack/test_xm.py:check_save.
slog=/var/log/xen/console/guest-saved.log
# free_memory back to $1 (a dying domain's frames are freed asynchronously).
free_back() {
    i=0
    while [ "$(xm info free_memory)" != "$1" ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
    echo "free_memory before=$1 after=$(xm info free_memory)"
}
ticks() { n=$(grep -ac XM-TICK "$slog" 2>/dev/null); echo "${n:-0}"; }
# xm with stderr in a file (the console is a terminal, where xm shows progress).
piped() { "$@" 2>/tmp/xm.err; rc=$?; cat /tmp/xm.err; return $rc; }
work='dd if=/dev/urandom of=/tmp/f bs=1M count=4 2>/dev/null
i=0; while :; do i=$((i + 1)); echo "XM-TICK $i $(md5sum </tmp/f)"; sleep 1; done'
run "xm create saved" xm create /etc/xen/demo.cfg 'name="saved"' \
    "extra=\"console=hvc0 xeno.run64=$(printf '%s\n' "$work" | base64 -w0)\""
i=0
while [ "$(ticks)" -lt 3 ] && [ $i -lt 300 ]; do sleep 1; i=$((i + 1)); done
echo "waited=${i}s for 3 ticks"
run "xm save" piped xm save saved /tmp/saved.xm
run "domU console at save" sh -c "grep -aiE 'suspend|freez|resum|xen:manage' $slog | tail -n 10"
run "xm list after save" xm list
run "last tick saved" sh -c "grep -a XM-TICK $slog | tail -n 1"
run "save file size" sh -c 'ls -l /tmp/saved.xm | awk "{ print \$5 }"'
before=$(ticks)
run "xm restore" xm restore /tmp/saved.xm
i=0
while [ "$(ticks)" -lt $((before + 3)) ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
echo "waited=${i}s for 3 ticks after the restore"
run "ticks after restore" sh -c "grep -a XM-TICK $slog | tail -n 5"
# (a panic's words reworded: the boot harness stops at them in the serial log)
run "domU console after restore" sh -c "tail -n 25 $slog | grep -av XM-TICK | sed 's/Kernel panic/Kernel-panic/'"
run "xm list restored" xm list saved
run "xl list restored" xl list saved
run "xm restore taken" xm restore /tmp/saved.xm
# Across toolstacks: ours writes, Debian's reads, and back.
# wait_ticks LABEL: 3 more ticks, then the last 5 in section LABEL.
wait_ticks() {
    b=$(ticks) i=0
    while [ "$(ticks)" -lt $((b + 3)) ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
    run "$1" sh -c "echo waited=${i}s; grep -a XM-TICK $slog | tail -n 5"
}
run "xm save for xl" piped xm save saved /tmp/saved.xm
run "last tick saved for xl" sh -c "grep -a XM-TICK $slog | tail -n 1"
run "xl restore of xm save" xl restore /tmp/saved.xm
wait_ticks "ticks after xl restore"
rm -f /tmp/saved.xm # dom0's tmpfs holds one save file at a time
run "xl save for xm" xl save saved /tmp/saved.xl
run "last tick saved by xl" sh -c "grep -a XM-TICK $slog | tail -n 1"
run "xm restore of xl save" xm restore /tmp/saved.xl
wait_ticks "ticks after xm restore of xl save"
run "xm list xl-saved" xm list saved
run "xm destroy restored" xm destroy saved
free0=$(xm info free_memory)
head -c 40000000 /tmp/saved.xl >/tmp/cut.xm
rm -f /tmp/saved.xl
run "xm restore truncated" xm restore /tmp/cut.xm
run "after truncated" xm list
free_back "$free0"
printf 'Y' | dd of=/tmp/cut.xm bs=1 seek=0 conv=notrunc 2>/dev/null
run "xm restore bad magic" xm restore /tmp/cut.xm
run "xm save unknown" xm save nosuchdomain /tmp/none.xm
rm -f /tmp/saved.xm /tmp/cut.xm /tmp/saved.xl
