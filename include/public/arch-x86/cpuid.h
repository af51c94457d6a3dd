/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * Hypervisor CPUID leaves.  They start at the first free 0x100-aligned base
 * at or above 0x40000000 (guests scan up to 0x4000ff00); "base+N" below.
 *
 *  base+0  EAX = highest leaf (base + XEN_CPUID_MAX_NUM_LEAVES)
 *          EBX:ECX:EDX = "XenVMMXenVMM"
 *  base+1  EAX = version, major << 16 | minor; EBX..EDX = 0
 *  base+2  EAX = number of hypercall pages (1); EBX = base MSR for
 *          hypercall page setup; ECX = XEN_CPUID_FEAT1_*; EDX = 0
 *  base+3  TSC leaf. Sub-leaf 0: EAX = XEN_CPUID_TSC_EMULATED etc.,
 *          EBX = tsc mode, ECX = guest TSC kHz, EDX = incarnation.
 *          Sub-leaf 1: EAX/EBX = TSC offset lo/hi, ECX = mul, EDX = shift.
 *          Sub-leaf 2: EAX = host TSC kHz.
 *  base+4  HVM features: EAX = XEN_HVM_CPUID_*, EBX = vcpu id,
 *          ECX = domain id (when flagged present)
 *  base+5  PV leaf: EAX = highest sub-leaf; EBX[7:0] = machine address width
 */
#ifndef XENO_PUBLIC_ARCH_X86_CPUID_H
#define XENO_PUBLIC_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i) (XEN_CPUID_FIRST_LEAF + (i))
#define XEN_CPUID_MAX_NUM_LEAVES 5

/* base+0 signature registers */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* "nVMM" */

/* base+2 ECX */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD (1u << 0)

/* base+3 sub-leaf 0 EAX */
#define XEN_CPUID_TSC_EMULATED (1u << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE (1u << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL (1u << 2)
/* base+3 sub-leaf 0 EBX */
#define XEN_CPUID_TSC_MODE_DEFAULT 0u
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE 1u
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE 2u
#define XEN_CPUID_TSC_MODE_PVRDTSCP 3u

/* base+4 EAX (HVM only) */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0)
#define XEN_HVM_CPUID_X2APIC_VIRT (1u << 1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS (1u << 2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT (1u << 3)
#define XEN_HVM_CPUID_DOMID_PRESENT (1u << 4)
#define XEN_HVM_CPUID_EXT_DEST_ID (1u << 5)
#define XEN_HVM_CPUID_UPCALL_VECTOR (1u << 6)

/* base+5 EBX */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffu << 0)

#endif /* XENO_PUBLIC_ARCH_X86_CPUID_H */
