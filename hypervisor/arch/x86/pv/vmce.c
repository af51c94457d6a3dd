/*
 * vMCE: the machine-check MSRs of a PV guest, as Xen 4.17 emulates them
 * (no machine check is ever delivered to a guest; Linux reads these at
 * boot and libxc carries MCG_CAP and MCi_CTL2 in the extended vCPU context).
 *
 *   MCG_CAP     2 banks; on Intel hosts also CMCI_P, TES_P and SER_P;
 *               read-only (writes ignored); a restore may set it within
 *               those bits, MCG_CTL_P, LMCE_P (Intel) and any bank count
 *   MCG_STATUS  any value written reads back (per vCPU)
 *   MCG_CTL     0, all ones with MCG_CTL_P; writes ignored
 *   MCG_EXT_CTL only with LMCE_P (bit 0 alone); #GP otherwise
 *   MCi_CTL     all ones, writes ignored             } banks below the
 *   MCi_STATUS, MCi_ADDR, MCi_MISC: 0; writing       } count; past it (to
 *               anything but 0 is #GP                } bank 31) all read 0
 *   MCi_CTL2    Intel, banks 0-1 keep what is written } and take any write
 *
 * State: v->pv.vmce. Locking: none; a vCPU's state changes only by its own
 * MSR accesses or, through the domctls, while it is paused.
 */
#include <xeno/errno.h>
#include <xeno/sched.h>
#include <asm/featureset.h>
#include <asm/pv.h>
#include <public/domctl.h>

#define MSR_MCG_CAP 0x179
#define MSR_MCG_STATUS 0x17a
#define MSR_MCG_CTL 0x17b
#define MSR_MC0_CTL2 0x280
#define MSR_MC0_CTL 0x400
#define MSR_MCG_EXT_CTL 0x4d0
#define NR_BANK_MSRS 32 /* Xen routes banks 0-31 to vMCE */

#define MCG_CAP_COUNT 0xffu
#define MCG_CTL_P (1ull << 8)
#define MCG_CMCI_P (1ull << 10)
#define MCG_TES_P (1ull << 11)
#define MCG_SER_P (1ull << 24)
#define MCG_LMCE_P (1ull << 27)
#define MCG_EXT_CTL_LMCE_EN 1ull

#define GUEST_BANKS 2
#define INTEL_GUEST_MCG_CAP (MCG_SER_P | MCG_TES_P | MCG_CMCI_P | GUEST_BANKS)
#define AMD_GUEST_MCG_CAP GUEST_BANKS

static bool host_is_intel(void)
{
	struct cpuid_regs r = host_cpuid(0, 0);

	return r.ebx == 0x756e6547 && r.edx == 0x49656e69 && r.ecx == 0x6c65746e;
}

void pv_vmce_init(struct vcpu *v)
{
	v->pv.vmce = (struct pv_vmce){.mcg_cap = host_is_intel() ? INTEL_GUEST_MCG_CAP
								 : AMD_GUEST_MCG_CAP};
}

bool pv_vmce_msr(u32 msr)
{
	return (msr >= MSR_MCG_CAP && msr <= MSR_MCG_CTL) ||
	       (msr >= MSR_MC0_CTL2 && msr < MSR_MC0_CTL2 + NR_BANK_MSRS) ||
	       (msr >= MSR_MC0_CTL && msr < MSR_MC0_CTL + 4 * NR_BANK_MSRS) ||
	       msr == MSR_MCG_EXT_CTL;
}

static unsigned int bank_count(const struct vcpu *v)
{
	return v->pv.vmce.mcg_cap & MCG_CAP_COUNT;
}

/* Is msr the MCi_CTL2 of a bank the vCPU has (Intel only)? Banks past 1 keep nothing. */
static bool is_ctl2(const struct vcpu *v, u32 msr)
{
	return msr >= MSR_MC0_CTL2 && msr - MSR_MC0_CTL2 < bank_count(v) && host_is_intel();
}

static bool rd_bank(const struct vcpu *v, u32 msr, u64 *val)
{
	u32 bank = (msr - MSR_MC0_CTL) / 4;

	if (is_ctl2(v, msr)) {
		bank = msr - MSR_MC0_CTL2;
		*val = bank < GUEST_BANKS ? v->pv.vmce.mci_ctl2[bank] : 0;
	} else if (msr >= MSR_MC0_CTL && bank < bank_count(v) && (msr & 3) == 0) {
		*val = ~0ull; /* MCi_CTL */
	}
	return true;
}

static bool wr_bank(struct vcpu *v, u32 msr, u64 val)
{
	u32 bank = (msr - MSR_MC0_CTL) / 4;

	if (is_ctl2(v, msr)) {
		bank = msr - MSR_MC0_CTL2;
		if (bank < GUEST_BANKS)
			v->pv.vmce.mci_ctl2[bank] = val;
		return true;
	}
	if (msr < MSR_MC0_CTL || bank >= bank_count(v) || (msr & 3) == 0)
		return true; /* past the count, or MCi_CTL: ignored */
	return val == 0;     /* MCi_STATUS, ADDR, MISC */
}

/* false: #GP. Only for pv_vmce_msr() MSRs. */
bool pv_vmce_rdmsr(const struct vcpu *v, u32 msr, u64 *val)
{
	const struct pv_vmce *m = &v->pv.vmce;

	*val = 0;
	switch (msr) {
	case MSR_MCG_CAP: *val = m->mcg_cap; return true;
	case MSR_MCG_STATUS: *val = m->mcg_status; return true;
	case MSR_MCG_CTL: *val = (m->mcg_cap & MCG_CTL_P) ? ~0ull : 0; return true;
	case MSR_MCG_EXT_CTL: *val = m->mcg_ext_ctl; return m->mcg_cap & MCG_LMCE_P;
	default: return rd_bank(v, msr, val);
	}
}

bool pv_vmce_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
	struct pv_vmce *m = &v->pv.vmce;

	switch (msr) {
	case MSR_MCG_CAP:
	case MSR_MCG_CTL: return true; /* read-only, or all ones: ignored */
	case MSR_MCG_STATUS: m->mcg_status = val; return true;
	case MSR_MCG_EXT_CTL:
		if (!(m->mcg_cap & MCG_LMCE_P) || (val & ~MCG_EXT_CTL_LMCE_EN))
			return false;
		m->mcg_ext_ctl = val;
		return true;
	default: return wr_bank(v, msr, val);
	}
}

/* The extended context's vMCE record (XEN_DOMCTL_get_ext_vcpucontext). */
void pv_vmce_save(const struct vcpu *v, struct hvm_vmce_vcpu *r)
{
	r->caps = v->pv.vmce.mcg_cap;
	r->mci_ctl2_bank0 = v->pv.vmce.mci_ctl2[0];
	r->mci_ctl2_bank1 = v->pv.vmce.mci_ctl2[1];
	r->mcg_ext_ctl = v->pv.vmce.mcg_ext_ctl;
}

/* As Xen's vmce_restore_vcpu: capabilities beyond this host's guest ones are -EINVAL. */
int pv_vmce_restore(struct vcpu *v, const struct hvm_vmce_vcpu *r)
{
	u64 ok = host_is_intel() ? INTEL_GUEST_MCG_CAP | MCG_LMCE_P : AMD_GUEST_MCG_CAP;

	if (r->caps & ~(ok | MCG_CAP_COUNT | MCG_CTL_P))
		return -EINVAL;
	v->pv.vmce.mcg_cap = r->caps;
	v->pv.vmce.mci_ctl2[0] = r->mci_ctl2_bank0;
	v->pv.vmce.mci_ctl2[1] = r->mci_ctl2_bank1;
	v->pv.vmce.mcg_ext_ctl = r->mcg_ext_ctl;
	return 0;
}
