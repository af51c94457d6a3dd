/*
 * Guest memory accessors (see xeno/guest_access.h). The only code that
 * dereferences guest pointers (with asm/guest_words.h, the entry paths'
 * frames word by word): stac/clac bracket rep movsq and rep movsb, whose
 * fault fixups leave the remaining byte count in %rcx.
 */
#include <xeno/guest_access.h>
#include <xeno/traps.h>
#include <asm/config.h>
#include <asm/guest_words.h>
#include <public/arch-x86/xen-x86_64.h>

bool arch_guest_range_ok(unsigned long va, size_t len)
{
	return guest_va_range_ok(va, len);
}

/*
 * Whole words with rep movsq, then the tail with rep movsb (as Xen: a short
 * copy is a handful of iterations, not one per byte). A fault in the word
 * loop restarts byte by byte at the word that faulted, so the count left is
 * exact to the byte either way.
 */
static size_t raw_copy(void *dst, const void *src, size_t len)
{
	size_t n = len / 8;

	user_access_begin();
	__asm__ __volatile__("1: rep movsq\n"
			     "   mov %[tail], %%rcx\n"
			     "2: rep movsb\n"
			     "3:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "4: lea (%[tail], %%rcx, 8), %%rcx\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 4b) _ASM_EXTABLE(2b, 3b)
			     : "+c"(n), "+D"(dst), "+S"(src)
			     : [tail] "r"(len % 8)
			     : "memory");
	user_access_end();
	return n;
}

/* Four bytes (an event port, a count): one load, 4 left if it faulted. */
static size_t load_u32(void *dst, const void *src)
{
	size_t left = 0;
	u32 v = 0;

	user_access_begin();
	__asm__ __volatile__("1: movl (%[src]), %[v]\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: movl $4, %k[left]\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 3b)
			     : [v] "+r"(v), [left] "+r"(left)
			     : [src] "r"(src)
			     : "memory");
	user_access_end();
	if (!left)
		*(u32 *)dst = v;
	return left;
}

/* Two bytes (an op's status): one store, 2 left if it faulted. */
static size_t store_u16(void *dst, u16 v)
{
	size_t left = 0;

	user_access_begin();
	__asm__ __volatile__("1: movw %[v], (%[dst])\n"
			     "2:\n"
			     ".pushsection .text.fixup, \"ax\"\n"
			     "3: movl $2, %k[left]\n"
			     "   jmp 2b\n"
			     ".popsection\n" _ASM_EXTABLE(1b, 3b)
			     : [left] "+r"(left)
			     : [v] "r"(v), [dst] "r"(dst)
			     : "memory");
	user_access_end();
	return left;
}

size_t arch_copy_from_guest_raw(void *dst, unsigned long src, size_t len)
{
	if (!guest_range_ok(src, len))
		return len;
	return raw_copy(dst, (const void *)src, len);
}

size_t arch_copy_from_guest_u32(void *dst, unsigned long src)
{
	if (!guest_range_ok(src, 4))
		return 4;
	return load_u32(dst, (const void *)src);
}

size_t arch_copy_to_guest_raw(unsigned long dst, const void *src, size_t len)
{
	if (!guest_range_ok(dst, len))
		return len;
	return raw_copy((void *)dst, src, len);
}

size_t arch_copy_to_guest_u16(unsigned long dst, u16 v)
{
	if (!guest_range_ok(dst, 2))
		return 2;
	return store_u16((void *)dst, v);
}
