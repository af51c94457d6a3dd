#!/usr/bin/env bash
# mkdom0.sh - build the dom0 image: Debian's Xen 4.17 toolstack in a busybox
# initramfs (newc cpio, zstd or xz), with our own init (tools/dom0/).
#
# Usage: scripts/mkdom0.sh [-f|--force] [-q|--quiet]
#   -f, --force   rebuild even if an image with the same inputs exists
#   -q, --quiet   no size summary on stderr
#
# Prints the image's path on stdout:
#   $XENO_CACHE/dom0/dom0-<hash>.cpio.<zst|xz>
# <hash> covers every input (package versions, kernel modules, busybox, the
# domU kernel and initrd sources, tools/dom0/*, this script): an image is
# built once and reused while the inputs stay the same; the three newest are
# kept. $XENO_CACHE/dom0.cpio links to the newest.
#
# Contents (docs/user-manual.md "The dom0 image"):
#   - the packages of tools/dom0/packages, resolved by
#     `scripts/fetch-debian.sh dom0` (apt-get download + dpkg-deb -x, never
#     installed), less docs, man pages, gconv, python, hvmloader/xen-shim;
#     merged /usr (bin, sbin, lib, lib64 are links into /usr);
#   - busybox applets for every command the packages do not provide;
#   - kernel modules of the same linux-image as $XENO_CACHE/vmlinuz (the
#     DOM0_MODULES and DOM0_EXTRA_MODULES below and their dependencies;
#     only the former are loaded at boot) with a modules.dep from
#     busybox depmod, so `modprobe NAME` works;
#   - /init, /etc/xen/demo.cfg, xl.conf, ... from tools/dom0/, and
#     /usr/lib/xeno/hclog.so (tools/dom0/hclog.c, a hypercall logger) and
#     /usr/lib/xeno/stream-mangle (tools/dom0/streammangle.c, corrupts save
#     files for the restore-failure tests) and /usr/lib/xeno/xsbench
#     (tools/dom0/xsbench.c, times xenstore requests) and
#     /usr/lib/xeno/unbzimage (tools/dom0/unbzimage.c: a bzImage's kernel
#     ELF, decoded by lib/loader);
#   - our own daemons and CLI, static (`make xenstored xenconsoled xm xend`):
#     /usr/sbin/xeno-xenstored (tools/xenstored; xeno.xenstored=xeno),
#     /usr/sbin/xeno-xenconsoled (tools/xenconsoled; xeno.xenconsoled=xeno)
#     /usr/sbin/xend (tools/xend: started by `xend start`, e.g. by the xm
#     tests; its state in /var/lib/xend) and /usr/sbin/xm (tools/xm);
#   - the demo domU: Debian's vmlinuz and a busybox initrd
#     (scripts/mkinitrd.sh --no-modules) in /var/lib/xen/images/demo/;
#   - for domUs with disks and networks (tools/dom0/tests/split.sh), in
#     /var/lib/xen/images/io/: initrd.gz, the same initrd with the modules
#     of DOMU_MODULES below (blkfront, netfront, ext4) and /bin/xeno-io
#     (tools/dom0/domu-io.sh), and two ext4 disk
#     images made without root rights (mke2fs -d): data.img (16 MiB) and
#     ro.img (4 MiB), each with a hello.txt naming its disk;
#   - /var/lib/xen/images/hostile/kernel: the test guest
#     guests/tests/hostile (`make build/guests/hostile`), a PV kernel
#     posing as a block frontend that attacks blkback (split.sh).
# Every ELF's DT_NEEDED libraries must be in the image (checked).
#
# Compression: zstd -19 if zstd is installed, else xz (--check=crc32, the
# kernel's decompressor has no CRC64); Debian's 6.1 kernel has RD_ZSTD and
# RD_XZ. zstd unpacks several times faster under TCG.
# Needs: cpio, zstd or xz-utils, binutils (readelf, objcopy), tar, coreutils,
# e2fsprogs (mke2fs).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Loaded at boot by /init (tools/dom0/init) in this order; dependencies
# (stp, llc for bridge) are added from each module's .modinfo.
DOM0_MODULES=(xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc
              xen-blkback xen-netback bridge loop)
# In the image but not loaded at boot: `modprobe e1000e` where dom0 owns a
# PCI NIC (booted with ACPI and PCI on; tools/dom0/tests/migrate2.sh);
# virtio_pci and virtio_blk for the disk that carries a save file from Xen
# to xeno (tools/dom0/tests/saverestore.sh, xeno.carry=).
DOM0_EXTRA_MODULES=(e1000e virtio_pci virtio_blk)
# Loaded by the domU initrd of /var/lib/xen/images/io, in this order.
DOMU_MODULES=(crc32c_generic crc16 mbcache jbd2 ext4 xen-blkfront xen-netfront)

force=0
for a in "$@"; do
    case $a in
        -f|--force) force=1 ;;
        -q|--quiet) export XENO_QUIET=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) xeno_die "unknown argument '$a' (see --help)" ;;
    esac
done

xeno_need cpio cpio
xeno_need readelf binutils
xeno_need objcopy binutils
PATH=$PATH:/usr/sbin:/sbin xeno_need mke2fs e2fsprogs
if command -v zstd >/dev/null 2>&1; then
    comp=zst
else
    xeno_need xz xz-utils
    comp=xz
fi

"$XENO_ROOT/scripts/fetch-debian.sh" linux busybox dom0 >&2
list=$XENO_CACHE/dom0.packages
modsrc=$(readlink -f "$XENO_CACHE/linux-modules-dom0")
kver=$(basename "$modsrc")
vmlinuz=$(readlink -f "$XENO_CACHE/vmlinuz")
busybox=$(readlink -f "$XENO_CACHE/busybox")
[ -s "$list" ] && [ -d "$modsrc" ] && [ -f "$vmlinuz" ] && [ -x "$busybox" ] ||
    xeno_die "fetch-debian.sh left an incomplete cache in $XENO_CACHE"
case $vmlinuz in */vmlinuz-"$kver") ;; *) xeno_die "vmlinuz is not $kver: $vmlinuz" ;; esac

# Our daemons, static (no library of the image needed).
make -C "$XENO_ROOT" --no-print-directory -s xenstored xenconsoled xm xend \
    "${BUILD:-build}/guests/hostile" >&2 ||
    xeno_die "cannot build tools/xenstored, tools/xenconsoled, tools/xm, tools/xend, guests/tests/hostile (make xenstored xenconsoled xm xend build/guests/hostile)"
hostile_bin=$XENO_ROOT/${BUILD:-build}/guests/hostile
xsd_bin=$XENO_ROOT/${BUILD:-build}/tools/xenstored/xenstored
xcd_bin=$XENO_ROOT/${BUILD:-build}/tools/xenconsoled/xenconsoled
xm_bin=$XENO_ROOT/${BUILD:-build}/tools/xm/xm
xend_bin=$XENO_ROOT/${BUILD:-build}/tools/xend/xend
[ -x "$xsd_bin" ] && [ -x "$xcd_bin" ] && [ -x "$xm_bin" ] && [ -x "$xend_bin" ] ||
    xeno_die "make left no $xsd_bin, $xcd_bin, $xm_bin or $xend_bin"

# The hash of every input: file contents of our sources, names+versions of
# the Debian inputs (their unpack directories are immutable once complete).
hash=$( {
    cat "$xsd_bin" "$xcd_bin" "$xm_bin" "$xend_bin" "$hostile_bin" \
        "$XENO_ROOT/${BUILD:-build}/host/libloader.a" | sha256sum
    printf 'comp=%s kver=%s vmlinuz=%s busybox=%s modules=%s\n' \
        "$comp" "$kver" "$vmlinuz" "$busybox" "${DOM0_MODULES[*]} ${DOM0_EXTRA_MODULES[*]}"
    cat "$list"
    (cd "$XENO_ROOT" && cat scripts/mkdom0.sh scripts/mkinitrd.sh tests/initrd/init \
        tests/initrd/threads.c && find tools/dom0 -type f | LC_ALL=C sort | xargs cat)
} | sha256sum | cut -c1-16)
outdir=$XENO_CACHE/dom0
out=$outdir/dom0-$hash.cpio.$comp
if [ $force = 0 ] && [ -s "$out" ]; then
    ln -sfn "dom0/${out##*/}" "$XENO_CACHE/.dom0.cpio.$$" && mv -Tf "$XENO_CACHE/.dom0.cpio.$$" "$XENO_CACHE/dom0.cpio"
    echo "$out"
    exit 0
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/xeno-dom0.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root"/usr/{bin,sbin,lib,lib64}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done

# --- Debian packages ------------------------------------------------------
# Paths never taken from any package (size; nothing at run time needs them).
EXCLUDE=(./usr/share/doc ./usr/share/man ./usr/share/info ./usr/share/locale
         ./usr/share/lintian ./usr/share/bug ./usr/share/bash-completion
         ./usr/share/python3 ./usr/share/menu ./usr/share/common-licenses
         ./usr/lib/x86_64-linux-gnu/gconv ./usr/lib/xen-4.17/boot
         ./usr/lib/xen-4.17/lib ./usr/lib/xen-4.17/bin/pygrub ./usr/bin/pygrub
         ./etc/init.d ./etc/default ./usr/include ./.complete)
declare -A partial=()
while read -r name paths; do
    case $name in ''|'#'*|-*) continue ;; esac
    [ -z "$paths" ] || partial[$name]=$paths
done <"$XENO_ROOT/tools/dom0/packages"
excl=()
for e in "${EXCLUDE[@]}"; do excl+=(--exclude="$e"); done
while read -r name _ dir; do
    src=$XENO_CACHE/$dir
    if [ -n "${partial[$name]:-}" ]; then
        # shellcheck disable=SC2086
        (cd "$src" && tar -cf - ${partial[$name]}) | tar -x -C "$root" --keep-directory-symlink
    else
        tar -C "$src" "${excl[@]}" -cf - . | tar -x -C "$root" --keep-directory-symlink
    fi
done <"$list"

# busybox: one link per applet whose name nothing else provides.
install -m 0755 "$busybox" "$root/usr/bin/busybox"
"$busybox" --list-full | while read -r p; do
    case $p in ""|bin/busybox) continue ;; esac
    p=usr/${p#usr/}
    n=${p##*/}
    [ -e "$root/usr/bin/$n" ] || [ -e "$root/usr/sbin/$n" ] || [ -L "$root/$p" ] ||
        ln -s /usr/bin/busybox "$root/$p"
done
ln -sf busybox "$root/usr/bin/sh"

# --- kernel modules -------------------------------------------------------
# mod_path NAME -> path under $modsrc (names use - and _ interchangeably)
mod_path() {
    local f
    f=$(find "$modsrc/kernel" -name "$1.ko" -print -quit)
    [ -n "$f" ] || f=$(find "$modsrc/kernel" -name "${1//-/_}.ko" -print -quit)
    [ -n "$f" ] || f=$(find "$modsrc/kernel" -name "${1//_/-}.ko" -print -quit)
    [ -n "$f" ] || xeno_die "module $1 not in $modsrc"
    printf '%s\n' "$f"
}
# mod_depends FILE: the modules FILE's .modinfo says it needs. Through a
# file of our own: objcopy replaces a regular output file by renaming its
# temporary over it, so with stdout on a file `objcopy ... /dev/stdout`
# replaced the machine's /dev/stdout (and returned nothing: bridge lost llc
# and stp).
mod_depends() {
    objcopy -O binary --only-section=.modinfo "$1" "$stage/modinfo" ||
        xeno_die "cannot read the .modinfo of $1"
    tr '\0' '\n' <"$stage/modinfo" | sed -n 's/^depends=//p' | tr ',' ' '
}
declare -A modseen=()
add_module() {
    local f dep
    f=$(mod_path "$1")
    [ -z "${modseen[$f]:-}" ] || return 0
    modseen[$f]=1
    for dep in $(mod_depends "$f"); do
        add_module "$dep"
    done
    mkdir -p "$root/lib/modules/$kver/$(dirname "${f#"$modsrc"/}")"
    cp "$f" "$root/lib/modules/$kver/${f#"$modsrc"/}"
}
for m in "${DOM0_MODULES[@]}" "${DOM0_EXTRA_MODULES[@]}"; do add_module "$m"; done
cp "$modsrc"/modules.builtin "$modsrc"/modules.order "$root/lib/modules/$kver/" 2>/dev/null || true
"$busybox" depmod -b "$root" "$kver"
[ -s "$root/lib/modules/$kver/modules.dep" ] || xeno_die "depmod wrote no modules.dep"
printf '%s\n' "${DOM0_MODULES[@]}" >"$root/lib/modules/$kver/dom0.load"

# --- our files ------------------------------------------------------------
td=$XENO_ROOT/tools/dom0
install -m 0755 "$td/init" "$root/init"
install -m 0755 "$xsd_bin" "$root/usr/sbin/xeno-xenstored"
install -m 0755 "$xcd_bin" "$root/usr/sbin/xeno-xenconsoled"
install -m 0755 "$xm_bin" "$root/usr/sbin/xm"
install -m 0755 "$xend_bin" "$root/usr/sbin/xend"
mkdir -p "$root/usr/lib/xeno/tests"
install -m 0755 "$td"/libexec/* "$root/usr/lib/xeno/"
install -m 0755 "$td"/tests/*.sh "$root/usr/lib/xeno/tests/"
# The hypercall logger (xeno.hclog=1), built against the host's glibc
# (Debian's too: same release); skipped without gcc.
if command -v gcc >/dev/null 2>&1; then
    gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$root/usr/lib/xeno/hclog.so" \
        "$td/hclog.c" -ldl || xeno_die "cannot build tools/dom0/hclog.c"
    gcc -O2 -Wall -Wextra -Werror -o "$root/usr/lib/xeno/stream-mangle" \
        "$td/streammangle.c" || xeno_die "cannot build tools/dom0/streammangle.c"
    gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$XENO_ROOT/include" -o "$root/usr/lib/xeno/xsbench" \
        "$td/xsbench.c" || xeno_die "cannot build tools/dom0/xsbench.c"
    gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$XENO_ROOT/lib/loader/include" \
        -I"$XENO_ROOT/include" -o "$root/usr/lib/xeno/unbzimage" "$td/unbzimage.c" \
        "$XENO_ROOT/${BUILD:-build}/host/libloader.a" ||
        xeno_die "cannot build tools/dom0/unbzimage.c"
fi
install -m 0644 "$td/demo.cfg" "$td/xl.conf" "$root/etc/xen/"
install -m 0644 "$td/profile" "$root/etc/profile"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
printf 'dom0\n' >"$root/etc/hostname"
: >"$root/etc/fstab"
mkdir -p "$root"/{dev,proc,sys,run,tmp,root,var/lib/xen,var/log/xen,var/lock,mnt}
chmod 1777 "$root/tmp"
ln -sfn /run "$root/var/run"

# The demo domU: Debian's kernel as shipped + a busybox initrd.
mkdir -p "$root/var/lib/xen/images/demo"
cp "$vmlinuz" "$root/var/lib/xen/images/demo/vmlinuz"
"$XENO_ROOT/scripts/mkinitrd.sh" --no-modules -o "$stage/domu-initrd.cpio.gz"
cp "$stage/domu-initrd.cpio.gz" "$root/var/lib/xen/images/demo/initrd.gz"

# The I/O domU: frontends and ext4 in its initrd, its disks made by mke2fs -d.
io=$root/var/lib/xen/images/io
mkdir -p "$io"
modargs=()
for m in "${DOMU_MODULES[@]}"; do modargs+=(--module "$m"); done
"$XENO_ROOT/scripts/mkinitrd.sh" --modules "$modsrc" "${modargs[@]}" \
    --add "$XENO_ROOT/tools/dom0/domu-io.sh:/bin/xeno-io" -o "$io/initrd.gz"
# mkdisk NAME MIB: $io/NAME.img, ext4 labelled NAME holding hello.txt.
mkdisk() {
    mkdir -p "$stage/disk-$1"
    printf 'xeno disk %s\n' "$1" >"$stage/disk-$1/hello.txt"
    E2FSPROGS_FAKE_TIME=1 PATH=$PATH:/usr/sbin:/sbin mke2fs -q -F -t ext4 -L "$1" \
        -U 5e1f0000-0000-4000-8000-00000000000"${#1}" -E root_owner=0:0 \
        -d "$stage/disk-$1" "$io/$1.img" "$2M" >/dev/null || xeno_die "mke2fs of $1.img failed"
}
mkdisk data 16
mkdisk ro 4

# The hostile frontend (a test guest, not a Linux kernel), with its
# HYPERCALL_PAGE note: libxc fills the page by XEN_DOMCTL_hypercall_init
# (Debian's Linux 6.1 has no such note, so this is the boot that uses it).
mkdir -p "$root/var/lib/xen/images/hostile"
cp "$hostile_bin" "$root/var/lib/xen/images/hostile/kernel"

# --- checks ---------------------------------------------------------------
# Every DT_NEEDED of every ELF must resolve in the default paths or the
# ELF's RUNPATH ($ORIGIN not used by these packages).
missing=$(cd "$root" && find usr -type f \( -perm -u+x -o -name '*.so*' \) -print |
    while read -r f; do
        [ "$(head -c4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] || continue
        dyn=$(readelf -d "$f" 2>/dev/null) || continue
        rp=$(printf '%s\n' "$dyn" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p; s/.*(RPATH).*\[\(.*\)\]/\1/p')
        printf '%s\n' "$dyn" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r lib; do
            ok=0
            for d in usr/lib/x86_64-linux-gnu usr/lib usr/lib64 ${rp//:/ }; do
                [ -e "./${d#/}/$lib" ] && { ok=1; break; }
            done
            [ $ok = 1 ] || echo "$f needs $lib"
        done
    done)
[ -z "$missing" ] || xeno_die "libraries missing from the image: $missing"

# --- pack -----------------------------------------------------------------
mkdir -p "$outdir"
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc -R 0:0 --reproducible) >"$stage/dom0.cpio"
if [ $comp = zst ]; then
    zstd -q -19 -T0 -f -o "$out.$$" "$stage/dom0.cpio"
else
    xz -9 --check=crc32 -T0 -c "$stage/dom0.cpio" >"$out.$$"
fi
# A temporary of this process's own: two builds of one image (two tests of
# one worktree, or worktrees sharing .cache) may run at once.
mv -f "$out.$$" "$out"
ln -sfn "dom0/${out##*/}" "$XENO_CACHE/.dom0.cpio.$$" && mv -Tf "$XENO_CACHE/.dom0.cpio.$$" "$XENO_CACHE/dom0.cpio"
# Keep the three newest images.
ls -1t "$outdir"/dom0-*.cpio.* 2>/dev/null | tail -n +4 | xargs -r rm -f
xeno_info "dom0 image $(du -k "$out" | cut -f1) KiB ($(du -k "$stage/dom0.cpio" | cut -f1) KiB unpacked): $out"
echo "$out"
