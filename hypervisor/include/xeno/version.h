/* Version strings. */
#ifndef XENO_VERSION_H
#define XENO_VERSION_H

#define XENO_VERSION "0.1"
#define XENO_BANNER \
	"xeno " XENO_VERSION " - a paravirtualizing hypervisor for x86_64 (Xen 4.17 guest ABI)\n"

#endif
