#!/bin/sh
# Build the seed corpora of the fuzz harnesses with the xz and gzip tools:
#   tests/fuzz/mkseeds.sh OUTDIR
# creates OUTDIR/{xz,xz_nocrc,lzma2,gzip,bzimage}/ with a few small valid inputs.
# Invariant: only files under OUTDIR are written; inputs come from the
# repository's own sources (text) and /bin/true (an x86-64 ELF).
set -e
out=$1
src=lib/loader/xz/xz_lzma2.c
elf=/bin/true
mkdir -p "$out/xz" "$out/lzma2" "$out/gzip" "$out/bzimage"

i=0
for opt in "-0" "-6 -C crc64" "-1 -C none" "-0 -C sha256" \
	   "--x86 --lzma2=preset=1" "--arm64 --lzma2=preset=0" \
	   "--block-size=1000 -0"; do
	i=$((i + 1))
	head -c 4000 "$src" | xz $opt -c > "$out/xz/seed$i.xz"
	head -c 3000 "$elf" | xz $opt -c > "$out/xz/elf$i.xz"
done
: | xz -c > "$out/xz/empty.xz"
rm -rf "$out/xz_nocrc"
cp -r "$out/xz" "$out/xz_nocrc"

# raw LZMA2: byte 0 = dictionary property (0x10 = 1 MiB), byte 1 = BCJ
# selector (1 = x86), bytes 2-5 = BCJ start offset
for p in 0 6; do
	{ printf '\020\001\000\000\000\000'
	  head -c 4000 "$elf" | xz --format=raw --lzma2=preset=$p -c; } \
		> "$out/lzma2/raw$p"
done

for l in 1 9; do
	head -c 4000 "$src" | gzip -$l -c > "$out/gzip/seed$l.gz"
done
cp "$out/gzip/seed1.gz" "$out/gzip/two.gz"
cat "$out/gzip/seed9.gz" >> "$out/gzip/two.gz"

# minimal bzImages: 4 setup sectors, then an XZ (x86 + LZMA2) or gzip
# payload of the first 2000 bytes of an ELF; XZ gets Linux's 4-byte size
# trailer (gzip's ISIZE is already at the end).
le32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) \
		$(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}
patch_at() { dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none; }
mk_bzimage() { # payload-file image-file
	head -c 2048 /dev/zero > "$2"
	printf '\003' | patch_at "$2" 0x1f1
	printf 'HdrS\017\002' | patch_at "$2" 0x202
	le32 0 | patch_at "$2" 0x248
	le32 "$(wc -c < "$1")" | patch_at "$2" 0x24c
	cat "$1" >> "$2"
	rm -f "$1"
}
b="$out/bzimage"
head -c 2000 "$elf" | xz --check=crc32 --x86 --lzma2=preset=0 -c > "$b/p.xz"
le32 2000 >> "$b/p.xz"
mk_bzimage "$b/p.xz" "$b/xz"
head -c 2000 "$elf" | gzip -9 -c > "$b/p.gz"
mk_bzimage "$b/p.gz" "$b/gzip"
head -c 4096 "$elf" > "$b/raw-elf"
