/* Bit counting without libgcc (the hypervisor is built without popcnt). */
#ifndef XENO_BITOPS_H
#define XENO_BITOPS_H

#include <xeno/types.h>

static inline unsigned int hweight64(u64 w)
{
	w = w - ((w >> 1) & 0x5555555555555555ULL);
	w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned int)((w * 0x0101010101010101ULL) >> 56);
}

#endif
