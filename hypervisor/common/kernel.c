/*
 * xen_version: one small handler per sub-op, looked up in a table.
 * We implement the Xen 4.17 interface, so XENVER_version reports 4.17 and
 * the extra version names xeno. get_features reports only what xeno
 * actually implements.
 */
#include <xeno/bootinfo.h>
#include <xeno/errno.h>
#include <xeno/guest_access.h>
#include <xeno/hypercall.h>
#include <xeno/lib.h>
#include <xeno/sched.h>
#include <xeno/string.h>
#include <xeno/version.h>
#include <public/features.h>
#include <public/version.h>

#define XEN_ABI_MAJOR 4
#define XEN_ABI_MINOR 17

typedef long (*xenver_fn_t)(struct domain *d, u64 arg);

static long put_string(u64 arg, const char *s, size_t field_len)
{
	char buf[XEN_COMMANDLINE_LEN];

	memset(buf, 0, field_len);
	strlcpy(buf, s, field_len);
	return copy_to_guest_va(arg, buf, field_len) ? -EFAULT : 0;
}

static long ver_version(struct domain *d, u64 arg)
{
	return (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
}

static long ver_extraversion(struct domain *d, u64 arg)
{
	return put_string(arg, "-xeno", XEN_EXTRAVERSION_LEN);
}

static long ver_capabilities(struct domain *d, u64 arg)
{
	return put_string(arg, "xen-3.0-x86_64 ", XEN_CAPABILITIES_INFO_LEN);
}

static long ver_changeset(struct domain *d, u64 arg)
{
	return put_string(arg, "xeno " XENO_VERSION, XEN_CHANGESET_INFO_LEN);
}

static long ver_compile_info(struct domain *d, u64 arg)
{
	struct xen_compile_info ci;

	memset(&ci, 0, sizeof(ci));
	strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
	strlcpy(ci.compile_by, "xeno", sizeof(ci.compile_by));
	strlcpy(ci.compile_domain, "xeno.invalid", sizeof(ci.compile_domain));
	strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
	return copy_to_guest_va(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
}

static long ver_platform_parameters(struct domain *d, u64 arg)
{
	struct xen_platform_parameters p = {.virt_start = HYPERVISOR_VIRT_START};

	return copy_to_guest_va(arg, &p, sizeof(p)) ? -EFAULT : 0;
}

static long ver_get_features(struct domain *d, u64 arg)
{
	struct xen_feature_info fi;

	if (copy_from_guest_va(&fi, arg, sizeof(fi)))
		return -EFAULT;
	if (fi.submap_idx != 0)
		return -EINVAL;			       /* as Xen: only submap 0 exists */
	fi.submap = 1u << XENFEAT_pae_pgdir_above_4gb; /* any L4 address works */
	fi.submap |= 1u << XENFEAT_mmu_pt_update_preserve_ad;
	fi.submap |= 1u << XENFEAT_highmem_assist; /* MMUEXT_CLEAR/COPY_PAGE */
	fi.submap |= 1u << XENFEAT_gnttab_map_avail_bits;
	if (d->is_privileged)
		fi.submap |= 1u << XENFEAT_dom0;
	return copy_to_guest_va(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long ver_pagesize(struct domain *d, u64 arg)
{
	return PAGE_SIZE;
}

static long ver_guest_handle(struct domain *d, u64 arg)
{
	static const u8 handle[16];

	return copy_to_guest_va(arg, handle, sizeof(handle)) ? -EFAULT : 0;
}

static long ver_commandline(struct domain *d, u64 arg)
{
	if (!d->is_privileged)
		return -EPERM;
	return put_string(arg, bootinfo.cmdline, XEN_COMMANDLINE_LEN);
}

static const xenver_fn_t xenver_ops[] = {
	[XENVER_version] = ver_version,
	[XENVER_extraversion] = ver_extraversion,
	[XENVER_compile_info] = ver_compile_info,
	[XENVER_capabilities] = ver_capabilities,
	[XENVER_changeset] = ver_changeset,
	[XENVER_platform_parameters] = ver_platform_parameters,
	[XENVER_get_features] = ver_get_features,
	[XENVER_pagesize] = ver_pagesize,
	[XENVER_guest_handle] = ver_guest_handle,
	[XENVER_commandline] = ver_commandline,
};

long do_xen_version(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	if (cmd >= ARRAY_SIZE(xenver_ops) || !xenver_ops[cmd])
		return -ENOSYS;
	return xenver_ops[cmd](current->domain, arg);
}
