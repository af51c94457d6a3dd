/*
 * Structure offsets and sizes for assembly. The build compiles this to
 * assembly and turns each "->NAME value" marker into a #define.
 */
#include <xeno/percpu.h>
#include <xeno/sched.h>
#include <xeno/trace.h>
#include <asm/regs.h>

#define DEFINE(sym, val) __asm__ __volatile__("\n->" #sym " %0" ::"i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, __builtin_offsetof(struct str, mem))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(UREGS_r15, cpu_user_regs, r15);
	OFFSET(UREGS_rax, cpu_user_regs, rax);
	OFFSET(UREGS_rcx, cpu_user_regs, rcx);
	OFFSET(UREGS_r11, cpu_user_regs, r11);
	OFFSET(UREGS_rbp, cpu_user_regs, rbp);
	OFFSET(UREGS_rdi, cpu_user_regs, rdi);
	OFFSET(UREGS_r8, cpu_user_regs, r8);
	OFFSET(UREGS_r9, cpu_user_regs, r9);
	OFFSET(UREGS_entry_vector, cpu_user_regs, entry_vector);
	OFFSET(UREGS_error_code, cpu_user_regs, error_code);
	OFFSET(UREGS_rip, cpu_user_regs, rip);
	OFFSET(UREGS_cs, cpu_user_regs, cs);
	OFFSET(UREGS_rflags, cpu_user_regs, rflags);
	OFFSET(UREGS_rsp, cpu_user_regs, rsp);
	OFFSET(UREGS_ss, cpu_user_regs, ss);
	DEFINE(UREGS_SIZE, sizeof(struct cpu_user_regs));
	DEFINE(CPU_INFO_SIZE, sizeof(struct cpu_info));
	OFFSET(CPUINFO_cpu_id, cpu_info, cpu_id);
	/* pv/entry.S finds cpu_info at the guest frame. */
	BUILD_BUG_ON(__builtin_offsetof(struct cpu_info, guest_regs) != 0);
	OFFSET(CPUINFO_curr_vcpu, cpu_info, curr_vcpu);
	OFFSET(CPUINFO_hypercall_continued, cpu_info, hypercall_continued);
	OFFSET(CPUINFO_need_resched, cpu_info, need_resched);
	OFFSET(CPUINFO_quiescent_count, cpu_info, quiescent_count);
	OFFSET(VCPU_vcpu_info, vcpu, vcpu_info);
	OFFSET(VCPUINFO_upcall_pending, vcpu_info, evtchn_upcall_pending);
	OFFSET(VCPU_pv_kernel_mode, vcpu, pv.kernel_mode);
	/* The iret hypercall's own path (pv/iret_entry.S). */
	OFFSET(VCPU_domain, vcpu, domain);
	OFFSET(VCPU_pv_guest_table_user, vcpu, pv.guest_table_user);
	OFFSET(VCPU_pv_shadow_table_user, vcpu, pv.shadow_table_user);
	OFFSET(VCPU_pv_iopl, vcpu, pv.iopl);
	OFFSET(VCPUINFO_upcall_mask, vcpu_info, evtchn_upcall_mask);
	OFFSET(DOMAIN_vm_assist, domain, vm_assist);
	DEFINE(VMASST_ARCH_IOPL, 1UL << VMASST_TYPE_architectural_iopl);
	DEFINE(HYPERCALL_iret, __HYPERVISOR_iret);
	DEFINE(HYPERCALL_mmu_update, __HYPERVISOR_mmu_update);
	DEFINE(IRET_VGCF_in_syscall, VGCF_in_syscall);
	DEFINE(GUEST_VIRT_END, HYPERVISOR_VIRT_END);
	OFFSET(IRET_rax, iret_context, rax);
	OFFSET(IRET_r11, iret_context, r11);
	OFFSET(IRET_rcx, iret_context, rcx);
	OFFSET(IRET_flags, iret_context, flags);
	OFFSET(IRET_rip, iret_context, rip);
	OFFSET(IRET_cs, iret_context, cs);
	OFFSET(IRET_rflags, iret_context, rflags);
	OFFSET(IRET_rsp, iret_context, rsp);
	OFFSET(IRET_ss, iret_context, ss);
	DEFINE(IRET_SIZE, sizeof(struct iret_context));
	/* The user #PF's bounce (pv/bounce_entry.S). */
	OFFSET(VCPU_pv_trap_pf, vcpu, pv.traps[14]);
	OFFSET(VCPU_pv_ldt_ents, vcpu, pv.ldt_ents);
	OFFSET(VCPU_pv_kernel_sp, vcpu, pv.kernel_sp);
	OFFSET(VCPU_pv_guest_table, vcpu, pv.guest_table);
	OFFSET(VCPU_pv_shadow_table, vcpu, pv.shadow_table);
	OFFSET(VCPUINFO_arch_cr2, vcpu_info, arch.cr2);
	OFFSET(DOMAIN_shadow_on, domain, arch.shadow.on);
	DEFINE(TRACE_FAULT_MASK, 1u << TRC_CAT_FAULT);
	DEFINE(GUEST_FLAT_KERNEL_CS, FLAT_KERNEL_CS);
	DEFINE(GUEST_FLAT_KERNEL_SS, FLAT_KERNEL_SS);
	DEFINE(TRAP_IF_MASK_BIT, 48 + __builtin_ctz(TI_IF_MASK)); /* in a packed trap (asm/pv.h) */
}
