#!/usr/bin/env bash
# Install the Debian packages xeno's build, run and tests need, if missing.
# Idempotent and quiet when everything is present; non-interactive otherwise.
# Usage: scripts/install-deps.sh [--check]   (--check: list what is missing)
# Fuzzing (make fuzz) also needs clang: apt-get install clang
set -euo pipefail

PKGS=(
	gcc make binutils libc6-dev       # the hypervisor and tools; static libc for tests/initrd/threads.c
	qemu-system-x86                   # the test machine
	libcmocka-dev                     # host unit tests
	libjson-c-dev                     # xend and xm: the API's JSON (static libjson-c.a)
	python3 python3-pytest            # boot-test harness (Debian's python, /usr/bin/python3)
	clang-format                      # style check
	liblzma-dev zlib1g-dev            # XZ/gzip decoder tests generate streams with liblzma/zlib
	cpio gzip xz-utils                # initrd building
	e2fsprogs                         # the domUs' ext4 disk images in the dom0 image (mke2fs -d)
	grub-pc-bin grub-common xorriso mtools   # multiboot2 boot test via GRUB
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${1:-}" = "--check" ]; then
	printf '%s\n' "${missing[@]}"
	exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
