/* Local APIC (xAPIC via MMIO or x2APIC via MSRs), chosen once at boot. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xeno/types.h>

#define APIC_ID 0x20
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVTT 0x320
#define APIC_LVT0 0x350
#define APIC_LVT1 0x360
#define APIC_LVTERR 0x370
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR 0x3e0

#define APIC_DM_FIXED 0x000
#define APIC_DM_NMI 0x400
#define APIC_DM_INIT 0x500
#define APIC_DM_STARTUP 0x600
#define APIC_LVT_MASKED (1u << 16)

extern bool x2apic_enabled;

u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 val);
u32 apic_id(void);
void apic_eoi(void);
void apic_send_ipi(u32 dest_apic_id, u32 icr_low);
void apic_init_bsp(void);
void apic_init_ap(void);

#endif
