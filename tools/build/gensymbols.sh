#!/bin/sh
# Emit assembly with the sorted function-symbol table of an ELF image:
#   gensymbols.sh <nm> <image> > symbols.S
# Only text symbols (t/T/W) are kept; duplicates at one address keep the first.
set -eu
NM=$1
IMG=$2
{ [ "$IMG" = /dev/null ] || $NM -n --defined-only "$IMG"; } | awk '
BEGIN { n = 0; last = "" }
$2 ~ /^[tTwW]$/ && $3 !~ /^\./ && $1 != last { addr[n] = $1; name[n] = $3; n++; last = $1 }
END {
	print "\t.section .rodata.symbols, \"a\""
	print "\t.balign 8"
	print "\t.globl symbols_addr"
	print "symbols_addr:"
	for (i = 0; i < n; i++) printf "\t.quad 0x%s\n", addr[i]
	print "\t.globl symbols_name_off"
	print "symbols_name_off:"
	off = 0
	for (i = 0; i < n; i++) { printf "\t.long %d\n", off; off += length(name[i]) + 1 }
	print "\t.globl symbols_count"
	print "symbols_count:"
	printf "\t.long %d\n", n
	print "\t.globl symbols_names"
	print "symbols_names:"
	for (i = 0; i < n; i++) printf "\t.asciz \"%s\"\n", name[i]
}'
