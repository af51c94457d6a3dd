#!/bin/sh
# One door between common and arch (xeno/arch.h): checks that
#   1. no hypervisor/common source includes an <asm/...> header, and
#   2. every symbol a common object needs from an arch object is declared
#      in hypervisor/include/xeno/arch.h or xeno/mm.h (the hook list), or is
#      a sub-op handler of the hypercall list xeno/hypercalls.def.
#   check-arrows.sh <nm> <build dir>   (objects at <build dir>/<source>.o)
# Prints what breaks the rule and exits 1; otherwise one summary line.
set -eu
NM=$1
OBJ=$2
HDRS="hypervisor/include/xeno/arch.h hypervisor/include/xeno/mm.h"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

if grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*<asm/' hypervisor/common/*.c; then
	echo "check-arrows: hypervisor/common includes arch headers (use xeno/arch.h)" >&2
	status=1
fi

# The hook list: every identifier declared in the door headers (names
# followed by '(' or ending an extern declaration).
sed -e 's|/\*.*\*/||g' $HDRS | grep -oE '[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(' |
	tr -d '( \t' >"$tmp/hooks0"
# Sub-op handlers named by the one hypercall list (xeno/hypercalls.def) are
# part of the contract too: the common dispatcher (common/subop.c) calls
# them on whichever side implements them (mmuext_op and physdev_op: arch).
sed -n 's/^SUBOP([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\),.*/\1/p' \
	hypervisor/include/xeno/hypercalls.def >>"$tmp/hooks0"
sort -u "$tmp/hooks0" >"$tmp/hooks"
# Objects of the current sources only (a stale object of a removed file is ignored).
find hypervisor/arch -name '*.[cS]' ! -name asm-offsets.c ! -name '*.lds.S' |
	sed "s|^\(.*\)\.[cS]\$|$OBJ/\1.o|" >"$tmp/archobjs"
xargs "$NM" --defined-only <"$tmp/archobjs" |
	awk 'NF == 3 && $2 ~ /^[TDBRVW]$/ { print $3 }' | sort -u >"$tmp/archdef"
n=0
for c in hypervisor/common/*.c; do
	o=$OBJ/${c%.c}.o
	"$NM" -u "$o" | awk '{ print $2 }' | sort -u | comm -12 - "$tmp/archdef" |
		comm -23 - "$tmp/hooks" >"$tmp/bad"
	n=$((n + 1))
	if [ -s "$tmp/bad" ]; then
		sed "s|^|check-arrows: $(basename "$o" .o) uses arch symbol not in xeno/arch.h or xeno/mm.h: |" \
			"$tmp/bad" >&2
		status=1
	fi
done
[ "$n" -gt 0 ] || { echo "check-arrows: no common objects under $OBJ" >&2; exit 1; }
[ "$status" -eq 0 ] && echo "arrows: $n common objects reach arch only through xeno/arch.h and xeno/mm.h"
exit $status
