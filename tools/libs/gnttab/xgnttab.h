/*
 * libxgnttab: mapping another domain's grants into a dom0 program through
 * /dev/xen/gntdev, one page per mapping.
 *
 * Two backends share this interface: linux.c (the device) and fake.c (host
 * tests, xgnttab_fake.h). A handle is used by one thread at a time.
 */
#ifndef TOOLS_LIBS_XGNTTAB_H
#define TOOLS_LIBS_XGNTTAB_H

#include <stdint.h>

#define XGNTTAB_PAGE_SIZE 4096

struct xgnttab;

/* NULL with errno set when gntdev is missing. */
struct xgnttab *xgnttab_open(void);
void xgnttab_close(struct xgnttab *g);
/* Grant ref of domid mapped read/write, or NULL with errno set. */
void *xgnttab_map(struct xgnttab *g, uint16_t domid, uint32_t ref);
/* 0 or -errno (an address this handle did not map: -EINVAL). */
int xgnttab_unmap(struct xgnttab *g, void *addr);
/*
 * Reserve one mapping's slot and release it at once, mapping nothing: the
 * kernel takes the frames behind grant mappings at the first reservation
 * since boot (Linux's unpopulated-memory pool, a whole memory section's
 * page structures), so a daemon that calls this at start pays that once
 * there instead of in its first domain's mapping. 0 or -errno.
 */
int xgnttab_prepare(struct xgnttab *g);

#endif /* TOOLS_LIBS_XGNTTAB_H */
