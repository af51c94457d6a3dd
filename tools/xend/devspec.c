/*
 * xend's device names: devspec.h. Pure functions over strings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "devspec.h"
#include "../libs/cfg/xcfg.h"

/* A decimal number of the whole text, or -1. */
static long decimal(const char *s)
{
	char *end;
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	return *end || n > 0x7fffffff ? -1 : n;
}

int xend_disk_devid(const char *what)
{
	long n = decimal(what);

	if (n >= 0)
		return (int)n;
	return xcfg_vdev_to_number(what) < 0 ? -EINVAL : xcfg_vdev_to_number(what);
}

bool xend_nic_matches(const char *what, int devid, const char *mac)
{
	long n = decimal(what);

	return n >= 0 ? n == devid : !strcasecmp(what, mac);
}

void xend_default_mac(const unsigned char rnd[3], char s[18])
{
	snprintf(s, 18, "00:16:3e:%02x:%02x:%02x", rnd[0] & 0x7f, rnd[1], rnd[2]);
}
