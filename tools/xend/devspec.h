/*
 * xend's device names (devspec.c, pure, host-tested): which disk or NIC of
 * a domain an argument of block-detach / network-detach names, and the MAC
 * xend gives a NIC without one. No I/O, no state.
 */
#ifndef TOOLS_XEND_DEVSPEC_H
#define TOOLS_XEND_DEVSPEC_H

#include <stdbool.h>

/* A disk's devid from a vdev name ("xvdb" 51728, xen-vbd-interface(7))
 * or from the devid itself ("51728"), as xl block-detach takes it; -EINVAL. */
int xend_disk_devid(const char *what);
/* Whether what (a devid, or a MAC in any case) names the NIC devid/mac. */
bool xend_nic_matches(const char *what, int devid, const char *mac);
/* The MAC of a NIC given none: 00:16:3e (Xen's OUI) and three random
 * bytes, the first with its top bit clear (as libxl). Into s[18]. */
void xend_default_mac(const unsigned char rnd[3], char s[18]);

#endif /* TOOLS_XEND_DEVSPEC_H */
