/*
 * The fake backend of libxgnttab (fake.c), for host tests: a table of
 * grants (domid, ref -> a page the test owns) and a count of live mappings.
 */
#ifndef TOOLS_LIBS_XGNTTAB_FAKE_H
#define TOOLS_LIBS_XGNTTAB_FAKE_H

#include <stdint.h>

void fake_gnttab_reset(void);
/* domid grants ref as page (NULL: revoke). */
void fake_gnttab_grant(uint16_t domid, uint32_t ref, void *page);
unsigned int fake_gnttab_mapped(void);

#endif /* TOOLS_LIBS_XGNTTAB_FAKE_H */
