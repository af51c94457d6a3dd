/* GDT, IDT and TSS management. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <xeno/types.h>

struct __attribute__((packed)) tss64 {
	u32 rsvd0;
	u64 rsp[3];
	u64 rsvd1;
	u64 ist[7]; /* ist[0] is IST1 */
	u64 rsvd2;
	u16 rsvd3;
	u16 iomap_base;
};

#define IST_NMI 1
#define IST_DF 2
#define IST_MC 3

/* Build this CPU's GDT, TSS and IST stacks and load GDTR, TR and IDTR. */
void cpu_desc_init(unsigned int cpu);
extern u64 *gdt_zero_page;
/* LDTR for this CPU: an LDT of ents descriptors at base, or none (ents 0). */
void cpu_load_ldt(unsigned long base, unsigned int ents);
/* Fill the shared IDT (once, on the boot CPU). */
void idt_init(void);
void idt_set_gate(unsigned int vec, unsigned int dpl, unsigned int ist);
void load_idt(void);

#endif
