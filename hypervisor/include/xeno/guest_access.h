/*
 * Copying to and from guest virtual memory of the current vCPU (its page
 * tables are loaded while it is in the hypervisor).
 *
 * A guest range must lie in guest space: the lower half, or the upper half
 * above the hypervisor's reserved slots; anything touching the hypervisor
 * hole is refused before any access. Accesses run with EFLAGS.AC set (SMAP)
 * only inside the copy loop; a fault there resumes through the exception
 * table. Both return the number of bytes NOT copied (0 = success).
 */
#ifndef XENO_GUEST_ACCESS_H
#define XENO_GUEST_ACCESS_H

#include <xeno/arch.h>
#include <xeno/types.h>

static inline bool guest_range_ok(unsigned long va, size_t len)
{
	return arch_guest_range_ok(va, len);
}

static inline size_t copy_from_guest_raw(void *dst, unsigned long src, size_t len)
{
	return arch_copy_from_guest_raw(dst, src, len);
}

static inline size_t copy_to_guest_raw(unsigned long dst, const void *src, size_t len)
{
	return arch_copy_to_guest_raw(dst, src, len);
}

#define copy_from_guest(dst, va, n) copy_from_guest_raw((dst), (unsigned long)(va), (n))
#define copy_to_guest(va, src, n) copy_to_guest_raw((unsigned long)(va), (src), (n))

#endif
