#!/usr/bin/env bash
# mkinitrd.sh - build xeno's busybox test initrd (gzip'd newc cpio).
#
# Usage: scripts/mkinitrd.sh [options] [-o OUT]
#   -o, --output FILE     output (default $XENO_CACHE/initrd.cpio.gz)
#   --init FILE           /init script (default tests/initrd/init)
#   --busybox FILE        static busybox (default $XENO_CACHE/busybox)
#   --modules DIR         Linux lib/modules/<ver> dir to take Xen driver modules
#                         from (default $XENO_CACHE/linux-modules, if present)
#   --module NAME         load this module (file basename without .ko, looked up
#                         under --modules) instead of the default set; repeatable.
#                         Default set: xen-privcmd xenfs (xenfs needs privcmd),
#                         so that /init can mount /proc/xen.
#   --no-modules          put no kernel modules in the initrd
#   --add SRC:DST         copy host file SRC to DST (absolute path) in the
#                         initrd; repeatable (test binaries, scripts, ...)
#
# Missing busybox/modules are fetched with scripts/fetch-debian.sh when the
# defaults are used. The result is reproducible (sorted, --reproducible cpio,
# gzip -n, fixed mtimes) and is rebuilt every time (it takes well under 1 s).
# Prints nothing on success. Needs: cpio, gzip (Debian packages cpio, gzip).
#
# Layout: /init, /bin/busybox + one symlink per applet in /bin, /sbin,
# /usr/bin, /usr/sbin (busybox --list-full), /dev/console and /dev/null
# (when run as root), /proc /sys /tmp /run /root, /lib/modules/*.ko and
# /lib/modules/load.order, /bin/xeno-threads (tests/initrd/threads.c).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

out=$XENO_CACHE/initrd.cpio.gz
init=$XENO_ROOT/tests/initrd/init
busybox=
modules=
modlist=()
nomod=0
adds=()
while [ $# -gt 0 ]; do
    case $1 in
        -o|--output) out=$2; shift ;;
        --init) init=$2; shift ;;
        --busybox) busybox=$2; shift ;;
        --modules) modules=$2; shift ;;
        --module) modlist+=("$2"); shift ;;
        --no-modules) nomod=1 ;;
        --add) adds+=("$2"); shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) xeno_die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

xeno_need cpio cpio
xeno_need gzip gzip

if [ -z "$busybox" ]; then
    busybox=$XENO_CACHE/busybox
    [ -x "$busybox" ] || "$XENO_ROOT/scripts/fetch-debian.sh" busybox >/dev/null
fi
[ -x "$busybox" ] || xeno_die "busybox '$busybox' not found or not executable"
[ -f "$init" ] || xeno_die "init script '$init' not found"
if [ $nomod = 0 ] && [ -z "$modules" ]; then
    modules=$XENO_CACHE/linux-modules
    [ -d "$modules" ] || "$XENO_ROOT/scripts/fetch-debian.sh" linux >/dev/null
fi
[ ${#modlist[@]} -gt 0 ] || modlist=(xen-privcmd xenfs)

stage=$(mktemp -d "${TMPDIR:-/tmp}/xeno-initrd.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc,lib/modules}
chmod 1777 "$stage/tmp"
install -m 0755 "$busybox" "$stage/bin/busybox"
install -m 0755 "$init" "$stage/init"
# One symlink per applet, at the path busybox itself reports.
"$busybox" --list-full | while read -r p; do
    case $p in ""|bin/busybox) continue ;; esac
    [ -d "$stage/${p%/*}" ] || mkdir -p "$stage/${p%/*}"
    ln -sf /bin/busybox "$stage/$p"
done
if [ "$(id -u)" = 0 ]; then
    mknod -m 600 "$stage/dev/console" c 5 1
    mknod -m 666 "$stage/dev/null" c 1 3
fi
echo "root:x:0:0:root:/root:/bin/sh" >"$stage/etc/passwd"
echo "root:x:0:" >"$stage/etc/group"

: >"$stage/lib/modules/load.order"
if [ $nomod = 0 ]; then
    [ -d "$modules" ] || xeno_die "modules dir '$modules' not found"
    for m in "${modlist[@]}"; do
        f=$(find "$modules/" -name "$m.ko" -print -quit)
        [ -n "$f" ] || f=$(find "$modules/" -name "$m.ko.*" -print -quit)
        [ -n "$f" ] || xeno_die "module '$m' not found under $modules"
        case $f in
            *.ko) ;;
            *) xeno_die "compressed module '$f' not supported (busybox insmod)" ;;
        esac
        cp "$f" "$stage/lib/modules/"
        basename "$f" >>"$stage/lib/modules/load.order"
    done
fi

# The multi-threaded workload (tests/initrd/threads.c), static, if gcc can.
if command -v gcc >/dev/null 2>&1; then
    gcc -static -O2 -pthread -o "$stage/bin/xeno-threads" "$XENO_ROOT/tests/initrd/threads.c" ||
        xeno_die "cannot build tests/initrd/threads.c (needs gcc and libc6-dev)"
fi

for a in ${adds[@]+"${adds[@]}"}; do
    src=${a%%:*} dst=${a#*:}
    if [ "$src" = "$a" ] || [ "${dst#/}" = "$dst" ]; then
        xeno_die "--add wants SRC:/abs/DST, got '$a'"
    fi
    [ -e "$src" ] || xeno_die "--add: '$src' not found"
    mkdir -p "$stage$(dirname "$dst")"
    cp -a "$src" "$stage$dst"
done

find "$stage" -exec touch -h -d @0 {} +
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -n -9 >"$out.tmp"
mv -f "$out.tmp" "$out"
