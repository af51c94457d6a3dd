#!/usr/bin/env bash
# fetch-debian.sh - fetch the Debian binaries xeno is tested against.
#
# Usage: scripts/fetch-debian.sh [-v] [xen|linux|busybox|dom0|devices|bench|all]...
#        (default: xen linux busybox; `all` adds dom0, devices and bench)
#
# Downloads (never installs) Debian packages with `apt-get download`, unpacks
# them with dpkg-deb into the cache and leaves stable names there:
#
#   $XENO_CACHE/xen            Xen 4.17 hypervisor, gunzipped: an ELF32 image
#                              with a multiboot1 header, loadable by QEMU -kernel
#   $XENO_CACHE/xen.gz         the same, as shipped in /boot
#   $XENO_CACHE/xen.config     Xen's build .config
#   $XENO_CACHE/vmlinuz        Debian's linux-image-amd64 (bzImage, XZ payload,
#                              XEN_PV + XEN_PV_DOM0)
#   $XENO_CACHE/vmlinux        its payload, already decompressed: the stripped
#                              ELF64 vmlinux (Xen and xeno load it directly;
#                              saves ~4.5 s of guest time per boot under TCG)
#   $XENO_CACHE/linux.config   its .config
#   $XENO_CACHE/linux-modules  lib/modules/<ver> (only kernel/drivers/xen/ is
#                              unpacked: xenfs, privcmd, evtchn, ...)
#   $XENO_CACHE/busybox        busybox-static (static x86_64 binary)
#   $XENO_CACHE/dom0.packages  (dom0 only) the dom0 image's packages, one
#                              "name version dir" a line: tools/dom0/packages
#                              resolved recursively with apt-cache depends
#   $XENO_CACHE/linux-modules-dom0  (dom0 only) lib/modules/<ver> of the same
#                              kernel package with the block, net, bridge and
#                              virtio modules dom0 needs, the Xen frontends and ext4
#                              for its domUs (unpacked from the cached
#                              .deb into a directory of its own)
#   $XENO_CACHE/linux-modules-hw  (devices only) lib/modules/<ver> of the same
#                              kernel package with the drivers of the devices
#                              QEMU gives dom0 (virtio-blk, AHCI, NVMe, e1000e,
#                              virtio-net) and the Xen ones, for make run and
#                              tests/linux/test_dom0_devices.py
#   $XENO_CACHE/bench.packages (bench only) the packages of bench/packages
#                              (fio, iperf3), resolved as dom0's are; only
#                              the I/O benchmark's initrd takes them
#                              (bench/run.py, workload "io")
#
# $XENO_CACHE defaults to <repo>/.cache/debian. Packages land in
# $XENO_CACHE/pkg/<package>_<version>/ and debs in $XENO_CACHE/debs/.
# Versions are never pinned: the current apt candidate is used, and
# linux-image-amd64 is resolved to the real linux-image-6.1.0-NN-amd64 it
# depends on. A package already unpacked at that version is not fetched
# again (the script is idempotent). `apt-get update` is run only if apt does
# not know a package.
#
# Output: one line per package actually fetched, on stdout ("fetched ...");
# nothing when everything is cached. -v also prints the cached ones.
# Needs: apt, dpkg (dpkg-deb), tar, gzip, xz-utils, coreutils.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

verbose=0
targets=()
for a in "$@"; do
    case $a in
        -v|--verbose) verbose=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        xen|linux|busybox|dom0|devices|bench) targets+=("$a") ;;
        all) targets+=(xen linux busybox dom0 devices bench) ;;
        *) xeno_die "unknown argument '$a' (want xen|linux|busybox|dom0|devices|bench|all)" ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(xen linux busybox)

xeno_need apt-get apt
xeno_need apt-cache apt
xeno_need dpkg-deb dpkg
xeno_need tar tar
xeno_need gzip gzip
xeno_need xz xz-utils

mkdir -p "$XENO_CACHE/debs" "$XENO_CACHE/pkg"

apt_updated=0
apt_update_once() {
    [ $apt_updated = 0 ] || return 0
    apt_updated=1
    xeno_info "apt does not know a package; running apt-get update"
    apt-get update -q=2 >/dev/null || xeno_die "apt-get update failed"
}

# candidate_version PKG -> prints the apt candidate version ("" if none)
candidate_version() {
    apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

# resolve_version PKG -> candidate version, updating the apt lists once if needed
resolve_version() {
    local v
    v=$(candidate_version "$1")
    if [ -z "$v" ]; then
        apt_update_once
        v=$(candidate_version "$1")
    fi
    [ -n "$v" ] || xeno_die "no installable candidate for Debian package '$1'"
    printf '%s\n' "$v"
}

# resolve_linux -> name of the real kernel package behind linux-image-amd64
resolve_linux() {
    local p
    resolve_version linux-image-amd64 >/dev/null
    p=$(apt-cache depends linux-image-amd64 2>/dev/null |
        awk '$1 ~ /^\|?Depends:$/ && $2 ~ /^linux-image-[0-9].*-amd64$/ { print $2; exit }')
    [ -n "$p" ] || xeno_die "cannot resolve linux-image-amd64 to a linux-image-<ver>-amd64 package"
    printf '%s\n' "$p"
}

# fetch PKG [TAR-MEMBER-PATTERN...] -> sets FETCH_DIR to the unpack directory.
# With patterns, only matching members of the data tarball are unpacked.
# FETCH_SUFFIX (optional) names a second unpack directory of the same package
# (other members), so an existing one is never rewritten under a running user;
# a .deb already in $XENO_CACHE/debs is reused.
fetch() {
    local pkg=$1; shift
    local ver dir tmp deb log cached
    ver=$(resolve_version "$pkg")
    dir=$XENO_CACHE/pkg/${pkg}_${ver//:/%3a}${FETCH_SUFFIX:-}
    if [ -e "$dir/.complete" ]; then
        [ $verbose = 0 ] || echo "cached  $pkg $ver -> $dir"
        FETCH_DIR=$dir
        return 0
    fi
    tmp=$(mktemp -d "$XENO_CACHE/debs/.dl.XXXXXX")
    log=$tmp/apt.log
    cached=$XENO_CACHE/debs/${pkg}_${ver//:/%3a}_amd64.deb
    [ -f "$cached" ] || cached=$XENO_CACHE/debs/${pkg}_${ver//:/%3a}_all.deb
    if [ -f "$cached" ]; then
        cp "$cached" "$tmp/"
    # Sandbox user root: the cache may not be readable by _apt (quiet warning).
    elif ! (cd "$tmp" && apt-get -q=2 -o APT::Sandbox::User=root download "$pkg=$ver") >"$log" 2>&1; then
        apt_update_once
        (cd "$tmp" && apt-get -q=2 -o APT::Sandbox::User=root download "$pkg=$ver") >"$log" 2>&1 || {
            cat "$log" >&2; rm -rf "$tmp"; xeno_die "apt-get download $pkg=$ver failed"; }
    fi
    deb=$(find "$tmp" -maxdepth 1 -name '*.deb' -print -quit)
    [ -n "$deb" ] || { rm -rf "$tmp"; xeno_die "apt-get download $pkg produced no .deb"; }
    rm -rf "$dir" && mkdir -p "$dir"
    if [ $# -gt 0 ]; then
        dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards "$@"
    else
        dpkg-deb -x "$deb" "$dir"
    fi
    mv -f "$deb" "$XENO_CACHE/debs/"
    rm -rf "$tmp"
    touch "$dir/.complete"
    echo "fetched $pkg $ver -> $dir"
    FETCH_DIR=$dir
}

# link TARGET NAME: atomically point $XENO_CACHE/NAME at TARGET (relative)
link() {
    local rel=${1#"$XENO_CACHE"/}
    ln -sfn "$rel" "$XENO_CACHE/.$2.tmp.$$" && mv -Tf "$XENO_CACHE/.$2.tmp.$$" "$XENO_CACHE/$2"
}

do_xen() {
    local dir
    fetch xen-hypervisor-4.17-amd64
    dir=$FETCH_DIR
    [ -f "$dir/boot/xen-4.17-amd64.gz" ] || xeno_die "no boot/xen-4.17-amd64.gz in $dir"
    if [ ! -s "$dir/boot/xen-4.17-amd64" ]; then
        gzip -dc "$dir/boot/xen-4.17-amd64.gz" >"$dir/boot/xen-4.17-amd64.tmp"
        mv -f "$dir/boot/xen-4.17-amd64.tmp" "$dir/boot/xen-4.17-amd64"
    fi
    link "$dir/boot/xen-4.17-amd64" xen
    link "$dir/boot/xen-4.17-amd64.gz" xen.gz
    link "$dir/boot/xen-4.17-amd64.config" xen.config
}

# extract_vmlinux BZIMAGE OUT: write the ELF payload of an XZ bzImage to OUT.
# setup_sects is at 0x1f1, payload_offset/payload_length at 0x248/0x24c
# (boot protocol >= 2.08); the payload ends with a 4-byte size (ignored by
# --single-stream).
extract_vmlinux() {
    local ss off len magic
    ss=$(od -An -tu1 -j $((0x1f1)) -N1 "$1" | tr -d ' ')
    [ "$ss" != 0 ] || ss=4
    read -r off len < <(od -An -tu4 -j $((0x248)) -N8 "$1")
    off=$(( (ss + 1) * 512 + off ))
    magic=$(od -An -tx1 -j "$off" -N6 "$1" | tr -d ' ')
    [ "$magic" = fd377a585a00 ] || xeno_die "$1: payload is not XZ (magic $magic)"
    dd if="$1" iflag=skip_bytes,count_bytes skip="$off" count="$len" bs=1M status=none |
        xz -dc --single-stream >"$2" ||
        xeno_die "$1: XZ payload does not decompress"
    [ "$(od -An -tx1 -N4 "$2" | tr -d ' ')" = 7f454c46 ] || xeno_die "$1: payload is not an ELF"
}

do_linux() {
    local pkg dir kver
    pkg=$(resolve_linux)
    kver=${pkg#linux-image-}
    # The full package is ~400 MB unpacked (all modules); keep /boot and the
    # Xen driver modules only.
    fetch "$pkg" './boot/*' './lib/modules/*/modules.*' \
                 './lib/modules/*/kernel/drivers/xen/*'
    dir=$FETCH_DIR
    [ -f "$dir/boot/vmlinuz-$kver" ] || xeno_die "no boot/vmlinuz-$kver in $dir"
    if [ ! -s "$dir/boot/vmlinux-$kver" ]; then
        extract_vmlinux "$dir/boot/vmlinuz-$kver" "$dir/boot/vmlinux-$kver.tmp"
        mv -f "$dir/boot/vmlinux-$kver.tmp" "$dir/boot/vmlinux-$kver"
    fi
    link "$dir/boot/vmlinuz-$kver" vmlinuz
    link "$dir/boot/vmlinux-$kver" vmlinux
    link "$dir/boot/config-$kver" linux.config
    link "$dir/lib/modules/$kver" linux-modules
}

do_busybox() {
    local dir
    fetch busybox-static
    dir=$FETCH_DIR
    [ -x "$dir/bin/busybox" ] || xeno_die "no bin/busybox in $dir"
    link "$dir/bin/busybox" busybox
}

# dom0_list SPEC -> an image's packages: SPEC (tools/dom0/packages,
# bench/packages) resolved recursively (Depends and Pre-Depends; first
# alternative of an or-group; a virtual package by its first provider),
# pruned at the "-NAME" lines.
dom0_list() {
    local spec=$1
    local -A skip=() seen=()
    local queue=() name rest p
    while read -r name rest; do
        case $name in
            ''|'#'*) ;;
            -*) skip[${name#-}]=1 ;;
            *) queue+=("$name"); [ -z "$rest" ] || seen[$name]=partial ;;
        esac
    done <"$spec"
    while [ ${#queue[@]} -gt 0 ]; do
        p=${queue[0]}; queue=("${queue[@]:1}")
        [ "${seen[$p]:-}" != done ] || continue
        local partial=${seen[$p]:-}
        seen[$p]=done
        echo "$p"
        [ "$partial" != partial ] || continue
        resolve_version "$p" >/dev/null
        while read -r d; do
            [ -n "$d" ] && [ -z "${skip[$d]:-}" ] && [ -z "${seen[$d]:-}" ] && queue+=("$d")
        done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
                     --no-replaces --no-enhances "$p" 2>/dev/null | dom0_pick_deps "${!skip[@]}")
    done
}

# dom0_pick_deps SKIPPED... (stdin: apt-cache depends of one package) -> one
# chosen package per dependency group, none if the group has a skipped member
dom0_pick_deps() {
    awk -v skipped="$*" '
    BEGIN { n = split(skipped, a, " "); for (i = 1; i <= n; i++) skip[a[i]] = 1 }
    function strip(x) { sub(/:any$/, "", x); gsub(/[<>]/, "", x); return x }
    function flush() { if (choice != "" && !drop) print choice; choice = ""; drop = 0; closed = 0 }
    /^ *\|?(Pre)?Depends:/ {
        if (closed) flush()
        d = strip($2); virt = ($2 ~ /^</)
        if (skip[d]) drop = 1
        if (choice == "" && !virt && !skip[d]) choice = d
        want = virt && choice == ""
        closed = ($1 !~ /^\|/)
        next
    }
    /^    [^ ]/ { p = strip($1); if (want && !skip[p]) { choice = p; want = 0 } next }
    { if (closed) flush() }
    END { flush() }' | sort -u
}

# dom0_key SPEC -> what the resolution depends on: the package spec, this
# script and apt's package lists (resolving costs ~100 apt-cache runs: done
# again only when one of these changes)
dom0_key() {
    {
        cat "$1" "$0"
        ls -l --time-style=+%s /var/lib/apt/lists/ 2>/dev/null | grep -i packages
    } | sha256sum | cut -c1-16
}

# dom0_cached NAME KEY -> true if NAME.packages is up to date and fully unpacked
dom0_cached() {
    local name ver dir
    [ -s "$XENO_CACHE/$1.packages" ] && [ -f "$XENO_CACHE/$1.packages.key" ] || return 1
    [ "$(cat "$XENO_CACHE/$1.packages.key")" = "$2" ] || return 1
    while read -r name ver dir; do
        [ -e "$XENO_CACHE/$dir/.complete" ] || return 1
    done <"$XENO_CACHE/$1.packages"
}

# package_set NAME SPEC: fetch SPEC's packages, list them in NAME.packages
package_set() {
    local key list=$XENO_CACHE/.$1.packages.$$
    key=$(dom0_key "$2")
    if dom0_cached "$1" "$key"; then
        [ $verbose = 0 ] || echo "cached  $1 packages ($key)"
        return 0
    fi
    : >"$list"
    for p in $(dom0_list "$2"); do
        fetch "$p"
        printf '%s %s %s\n' "$p" "$(resolve_version "$p")" "${FETCH_DIR#"$XENO_CACHE"/}" >>"$list"
    done
    mv -f "$list" "$XENO_CACHE/$1.packages"
    echo "$key" >"$XENO_CACHE/$1.packages.key"
}

# The benchmark's tools (fio, iperf3): a list of their own, not in the dom0
# image that the tests boot.
do_bench() {
    package_set bench "$XENO_ROOT/bench/packages"
}

do_dom0() {
    local pkg kver
    package_set dom0 "$XENO_ROOT/tools/dom0/packages"
    # Kernel modules beyond drivers/xen: block and net backends, loop, bridge,
    # e1000e (a PCI NIC, loaded on demand), virtio-pci and virtio-blk (the
    # disk that carries a save file between hypervisors, loaded on demand);
    # the frontends and ext4 (+ jbd2, mbcache, crc16, crc32c) for domUs.
    pkg=$(resolve_linux)
    kver=${pkg#linux-image-}
    FETCH_SUFFIX=+dom0-modules-4 fetch "$pkg" './lib/modules/*/modules.*' \
        './lib/modules/*/kernel/drivers/xen/*' './lib/modules/*/kernel/drivers/block/loop.ko' \
        './lib/modules/*/kernel/drivers/virtio/*' './lib/modules/*/kernel/drivers/block/virtio_blk.ko' \
        './lib/modules/*/kernel/drivers/block/xen-blkback/*' \
        './lib/modules/*/kernel/drivers/block/xen-blkfront.ko' \
        './lib/modules/*/kernel/drivers/net/xen-netback/*' \
        './lib/modules/*/kernel/drivers/net/xen-netfront.ko' \
        './lib/modules/*/kernel/drivers/net/ethernet/intel/e1000e/*' \
        './lib/modules/*/kernel/net/bridge/*' './lib/modules/*/kernel/net/802/*' \
        './lib/modules/*/kernel/net/llc/*' './lib/modules/*/kernel/fs/ext4/*' \
        './lib/modules/*/kernel/fs/jbd2/*' './lib/modules/*/kernel/fs/mbcache.ko' \
        './lib/modules/*/kernel/lib/crc16.ko' './lib/modules/*/kernel/crypto/crc32c_generic.ko'
    link "$FETCH_DIR/lib/modules/$kver" linux-modules-dom0
}

# Device drivers a dom0 with ACPI and PCI on loads for QEMU's disks and NICs
# (their dependencies by each .ko's depends=/softdep=), and the Xen drivers.
do_devices() {
    local pkg kver m=./lib/modules/*/kernel
    pkg=$(resolve_linux)
    kver=${pkg#linux-image-}
    FETCH_SUFFIX=+device-modules fetch "$pkg" './lib/modules/*/modules.*' \
        "$m/drivers/xen/*" "$m/drivers/virtio/*" "$m/drivers/block/virtio_blk.ko" \
        "$m/drivers/net/ethernet/intel/e1000e/*" "$m/drivers/net/virtio_net.ko" \
        "$m/drivers/net/net_failover.ko" "$m/net/core/failover.ko" \
        "$m/drivers/scsi/scsi_common.ko" "$m/drivers/scsi/scsi_mod.ko" "$m/drivers/scsi/sd_mod.ko" \
        "$m/drivers/ata/libata.ko" "$m/drivers/ata/libahci.ko" "$m/drivers/ata/ahci.ko" \
        "$m/drivers/nvme/host/nvme-core.ko" "$m/drivers/nvme/host/nvme.ko" \
        "$m/crypto/crct10dif_*.ko" "$m/crypto/crc64_rocksoft_generic.ko" \
        "$m/lib/crc-t10dif.ko" "$m/lib/crc64*.ko" "$m/block/t10-pi.ko"
    link "$FETCH_DIR/lib/modules/$kver" linux-modules-hw
}

for t in "${targets[@]}"; do
    "do_$t"
done
