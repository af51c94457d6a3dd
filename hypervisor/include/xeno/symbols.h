/*
 * Symbol table for crash reports. The build links the image, extracts its
 * function symbols with nm, and links again with the sorted table
 * (tools/gensymbols.sh), so addresses never move between passes.
 */
#ifndef XENO_SYMBOLS_H
#define XENO_SYMBOLS_H

#include <xeno/types.h>

/* Name of the function containing addr, or NULL; *off and *size describe it. */
const char *symbol_lookup(unsigned long addr, unsigned long *off, unsigned long *size);

/* "name+0xoff/0xsize" or the bare hex address. */
void symbol_format(unsigned long addr, char *buf, size_t len);

#endif
