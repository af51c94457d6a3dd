/*
 * Per-CPU SYSCALL set-up. PV guests own %gs, so the entry cannot find the
 * hypervisor stack through it; instead LSTAR points at a per-CPU stub page
 * (mapped executable at STUBS_VIRT_START + cpu * PAGE_SIZE) with this CPU's
 * guest-frame address built in:
 *   movabs %rax, <&guest_regs.rax>; mov %rsp, %rax;
 *   movabs $<&guest_regs + 1>, %rsp; jmp lstar_enter
 */
#include <xeno/lib.h>
#include <xeno/mm.h>
#include <xeno/percpu.h>
#include <xeno/setup.h>
#include <xeno/string.h>
#include <asm/config.h>
#include <asm/processor.h>

extern char lstar_enter[], cstar_enter[];

#define SFMASK_BITS 0x47700 /* TF, IF, DF, IOPL, NT, AC */

static size_t emit(u8 *p, const void *bytes, size_t n)
{
	memcpy(p, bytes, n);
	return n;
}

static void write_stub(u8 *page, unsigned long stub_va, struct cpu_info *ci)
{
	u64 rax_slot = (u64)&ci->guest_regs.rax, frame_end = (u64)(&ci->guest_regs + 1);
	size_t n = 0;
	s32 rel;

	n += emit(page + n, "\x48\xa3", 2); /* movabs %rax, moffs64 */
	n += emit(page + n, &rax_slot, 8);
	n += emit(page + n, "\x48\x89\xe0", 3); /* mov %rsp, %rax */
	n += emit(page + n, "\x48\xbc", 2);	/* movabs $imm64, %rsp */
	n += emit(page + n, &frame_end, 8);
	rel = (s32)((long)lstar_enter - (long)(stub_va + n + 5));
	n += emit(page + n, "\xe9", 1); /* jmp rel32 */
	emit(page + n, &rel, 4);
}

void pv_syscall_init_cpu(unsigned int cpu)
{
	unsigned long va = STUBS_VIRT_START + (unsigned long)cpu * PAGE_SIZE;
	u8 *page = alloc_xenheap_page();

	BUG_ON(!page);
	memset(page, 0xcc, PAGE_SIZE);
	write_stub(page, va, get_cpu_info());
	map_pages(va, mfn_x(virt_to_mfn(page)), 1, PAGE_HYPERVISOR_RX);
	wrmsr(MSR_STAR, ((u64)(FLAT_RING3_CS32) << 48) | ((u64)__HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR, va);
	wrmsr(MSR_CSTAR, (u64)cstar_enter);
	wrmsr(MSR_SYSCALL_MASK, SFMASK_BITS);
}
