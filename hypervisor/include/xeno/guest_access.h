/*
 * Copying to and from guest virtual memory of the current vCPU (its page
 * tables are loaded while it is in the hypervisor).
 *
 * A guest range must lie in guest space: the lower half, or the upper half
 * above the hypervisor's reserved slots; anything touching the hypervisor
 * hole is refused before any access. Accesses run with EFLAGS.AC set (SMAP)
 * only inside the copy loop; a fault there resumes through the exception
 * table. Every copy returns the number of bytes NOT copied (0 = success).
 *
 * Guest pointers are typed handles: XEN_GUEST_HANDLE(T) (the public ABI's
 * one-member struct { T *p; }), never dereferenced, only copied through
 * the helpers below, which count in elements of T and refuse (at compile
 * time) a hypervisor buffer of another type. guest_handle_from(T, reg)
 * makes one from a hypercall register. copy_{from,to}_guest_va() copy raw
 * bytes at a guest address that is not a handle (a frame on the guest
 * stack, an emulated access).
 */
#ifndef XENO_GUEST_ACCESS_H
#define XENO_GUEST_ACCESS_H

#include <xeno/arch.h>
#include <xeno/types.h>
#include <public/xen.h>

static inline bool guest_range_ok(unsigned long va, size_t len)
{
	return arch_guest_range_ok(va, len);
}

/* A constant 4 (an event port, a count) is one load, chosen at compile time. */
static inline size_t copy_from_guest_raw(void *dst, unsigned long src, size_t len)
{
	if (__builtin_constant_p(len) && len == 4)
		return arch_copy_from_guest_u32(dst, src);
	return arch_copy_from_guest_raw(dst, src, len);
}

/* A constant 2 (an op's status) is one store. */
static inline size_t copy_to_guest_raw(unsigned long dst, const void *src, size_t len)
{
	if (__builtin_constant_p(len) && len == 2) {
		u16 v;

		__builtin_memcpy(&v, src, 2);
		return arch_copy_to_guest_u16(dst, v);
	}
	return arch_copy_to_guest_raw(dst, src, len);
}

#define copy_from_guest_va(dst, va, n) copy_from_guest_raw((dst), (unsigned long)(va), (n))
#define copy_to_guest_va(va, src, n) copy_to_guest_raw((unsigned long)(va), (src), (n))

/* A handle of type XEN_GUEST_HANDLE(name) at guest address `reg`. */
#define guest_handle_from(name, reg) ((XEN_GUEST_HANDLE(name)){(void *)(unsigned long)(reg)})
#define guest_handle_addr(hnd) ((unsigned long)(hnd).p)
#define guest_handle_is_null(hnd) ((hnd).p == NULL)
/* The same address as a handle of another type (a struct's member, a raw byte array). */
#define guest_handle_cast(hnd, name) guest_handle_from(name, guest_handle_addr(hnd))
/* Advance by nr elements. */
#define guest_handle_add_offset(hnd, nr) ((hnd).p += (nr))
/* nr elements at hnd lie in guest space. */
#define guest_handle_okay(hnd, nr) \
	guest_range_ok(guest_handle_addr(hnd), (size_t)(nr) * sizeof(*(hnd).p))

/* Compile-time check: ptr points at the handle's element type. */
#define guest_handle_check(hnd, ptr) ((void)sizeof((ptr) == (hnd).p))

/* nr elements from hnd[off] into dst / from src into hnd[off]. */
#define copy_from_guest_offset(dst, hnd, off, nr)                                      \
	(guest_handle_check(hnd, dst),                                                 \
	 copy_from_guest_raw((dst), guest_handle_addr(hnd) + (off) * sizeof(*(hnd).p), \
			     (size_t)(nr) * sizeof(*(hnd).p)))
#define copy_to_guest_offset(hnd, off, src, nr)                                      \
	(guest_handle_check(hnd, src),                                               \
	 copy_to_guest_raw(guest_handle_addr(hnd) + (off) * sizeof(*(hnd).p), (src), \
			   (size_t)(nr) * sizeof(*(hnd).p)))
#define copy_from_guest(dst, hnd, nr) copy_from_guest_offset(dst, hnd, 0, nr)
#define copy_to_guest(hnd, src, nr) copy_to_guest_offset(hnd, 0, src, nr)

/* One member of the structure at hnd, from the same member of *ptr. */
#define copy_field_to_guest(hnd, ptr, field)                                                       \
	(guest_handle_check(hnd, ptr),                                                             \
	 copy_to_guest_raw(guest_handle_addr(hnd) + __builtin_offsetof(__typeof__(*(ptr)), field), \
			   &(ptr)->field, sizeof((ptr)->field)))

#endif
