/*
 * A few words of guest memory, read or written in place.
 *
 * The frames of the guest-entry paths are a handful of words on the guest
 * stack: a bounce frame (7-11 words) and an iret context (9). Going through
 * copy_{to,from}_guest_va for them means a staging array on our stack, a
 * call, a range check and a rep movsq; here each word is one mov with an
 * exception-table entry, straight from or to where the caller holds it.
 *
 * guest_words_put/get() (and guest_u16_get()) check the whole range with guest_va_range_ok() (the
 * guest's own half of the address space, never the hypervisor's) and
 * bracket the words with user_access_begin/end() (SMAP). Their single-word
 * steps, guest_word_put/get(), need both done by the caller: a word that
 * faults sets *fault (never cleared there) and, read, yields 0, so a
 * sequence is checked once at its end.
 */
#ifndef ASM_GUEST_WORDS_H
#define ASM_GUEST_WORDS_H

#include <xeno/errno.h>
#include <xeno/traps.h>
#include <xeno/types.h>
#include <public/arch-x86/xen-x86_64.h>

extern bool cpu_has_smap;

/*
 * [va, va + len) lies in guest space: the lower half, or the upper half
 * above the hypervisor's slots (arch_guest_range_ok() for every copy).
 */
static inline bool guest_va_range_ok(unsigned long va, unsigned long len)
{
	unsigned long end = va + len;

	if (end < va)
		return false;
	if (end <= 0x0000800000000000UL)
		return true;
	return va >= HYPERVISOR_VIRT_END;
}

/* With SMAP, the hypervisor may touch guest (user) pages only between these. */
static inline void user_access_begin(void)
{
	if (cpu_has_smap)
		__asm__ __volatile__(".byte 0x0f,0x01,0xcb" ::: "memory"); /* stac */
}

static inline void user_access_end(void)
{
	if (cpu_has_smap)
		__asm__ __volatile__(".byte 0x0f,0x01,0xca" ::: "memory"); /* clac */
}

static inline __attribute__((always_inline)) void guest_word_put(unsigned long va, u64 w,
								 unsigned int *fault)
{
	__asm__ __volatile__("1: movq %[w], %[m]\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: movl $1, %k[fault]\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 3b)
			     : [fault] "+r"(*fault), [m] "=m"(*(u64 *)va)
			     : [w] "r"(w));
}

static inline __attribute__((always_inline)) u64 guest_word_get(unsigned long va,
								unsigned int *fault)
{
	u64 w;

	__asm__ __volatile__("1: movq %[m], %[w]\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: xorl %k[w], %k[w]\n"
			     "   movl $1, %k[fault]\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 3b)
			     : [w] "=r"(w), [fault] "+r"(*fault)
			     : [m] "m"(*(const u64 *)va));
	return w;
}

/*
 * The two bytes at va (an instruction's opcode bytes, little-endian) into
 * *b: 0 or -EFAULT, the same rules, one movzwl.
 */
static inline __attribute__((always_inline)) int guest_u16_get(u16 *b, unsigned long va)
{
	unsigned int fault = 0;
	u32 w;

	if (!guest_va_range_ok(va, 2))
		return -EFAULT;
	user_access_begin();
	__asm__ __volatile__("1: movzwl %[m], %[w]\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: xorl %[w], %[w]\n"
			     "   movl $1, %[fault]\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 3b)
			     : [w] "=r"(w), [fault] "+r"(fault)
			     : [m] "m"(*(const u16 *)va));
	user_access_end();
	*b = (u16)w;
	return fault ? -EFAULT : 0;
}

/*
 * n words from w[] to the guest at va (n a constant: unrolled, w[] kept in
 * registers). Returns 0 or -EFAULT, with nothing but the words touched.
 */
static inline __attribute__((always_inline)) int guest_words_put(unsigned long va, const u64 *w,
								 unsigned int n)
{
	unsigned int fault = 0;

	if (!guest_va_range_ok(va, n * 8UL))
		return -EFAULT;
	user_access_begin();
#pragma GCC unroll 16
	for (unsigned int i = 0; i < n; i++)
		guest_word_put(va + i * 8UL, w[i], &fault);
	user_access_end();
	return fault ? -EFAULT : 0;
}

/* n words from the guest at va into w[]: the same rules. */
static inline __attribute__((always_inline)) int guest_words_get(u64 *w, unsigned long va,
								 unsigned int n)
{
	unsigned int fault = 0;

	if (!guest_va_range_ok(va, n * 8UL))
		return -EFAULT;
	user_access_begin();
#pragma GCC unroll 16
	for (unsigned int i = 0; i < n; i++)
		w[i] = guest_word_get(va + i * 8UL, &fault);
	user_access_end();
	return fault ? -EFAULT : 0;
}

#endif
