/*
 * xen_version: one small handler per sub-op, dispatched by its table
 * (xeno/hypercalls.def); the results are copied out by the dispatcher.
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
#include <xeno/subop.h>
#include <xeno/version.h>
#include <public/features.h>
#include <public/version.h>

#define XEN_ABI_MAJOR 4
#define XEN_ABI_MINOR 17

static void put_string(char *field, const char *s, size_t field_len)
{
	memset(field, 0, field_len);
	strlcpy(field, s, field_len);
}

long xenver_version(void *arg, struct subop_call c)
{
	return (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
}

long xenver_extraversion(xen_extraversion_t *arg, struct subop_call c)
{
	put_string(*arg, "-xeno", sizeof(*arg));
	return 0;
}

long xenver_capabilities(xen_capabilities_info_t *arg, struct subop_call c)
{
	put_string(*arg, "xen-3.0-x86_64 ", sizeof(*arg));
	return 0;
}

long xenver_changeset(xen_changeset_info_t *arg, struct subop_call c)
{
	put_string(*arg, "xeno " XENO_VERSION, sizeof(*arg));
	return 0;
}

long xenver_compile_info(struct xen_compile_info *ci, struct subop_call c)
{
	memset(ci, 0, sizeof(*ci));
	strlcpy(ci->compiler, "gcc " __VERSION__, sizeof(ci->compiler));
	strlcpy(ci->compile_by, "xeno", sizeof(ci->compile_by));
	strlcpy(ci->compile_domain, "xeno.invalid", sizeof(ci->compile_domain));
	strlcpy(ci->compile_date, __DATE__, sizeof(ci->compile_date));
	return 0;
}

long xenver_platform_parameters(struct xen_platform_parameters *p, struct subop_call c)
{
	*p = (struct xen_platform_parameters){.virt_start = HYPERVISOR_VIRT_START};
	return 0;
}

long xenver_get_features(struct xen_feature_info *fi, struct subop_call c)
{
	if (fi->submap_idx != 0)
		return -EINVAL;				/* as Xen: only submap 0 exists */
	fi->submap = 1u << XENFEAT_pae_pgdir_above_4gb; /* any L4 address works */
	fi->submap |= 1u << XENFEAT_mmu_pt_update_preserve_ad;
	fi->submap |= 1u << XENFEAT_highmem_assist; /* MMUEXT_CLEAR/COPY_PAGE */
	fi->submap |= 1u << XENFEAT_gnttab_map_avail_bits;
	if (current->domain->is_privileged)
		fi->submap |= 1u << XENFEAT_dom0;
	return 0;
}

long xenver_pagesize(void *arg, struct subop_call c)
{
	return PAGE_SIZE;
}

long xenver_guest_handle(xen_domain_handle_t *h, struct subop_call c)
{
	memset(h, 0, sizeof(*h));
	return 0;
}

long xenver_commandline(xen_commandline_t *arg, struct subop_call c)
{
	put_string(*arg, bootinfo.cmdline, sizeof(*arg));
	return 0;
}

/*
 * xeno is built without a build id: as Xen 4.17 without one, a request
 * (NULL: the size only) is checked (its len 0: -EINVAL), then -ENODATA.
 */
long xenver_build_id(struct xen_varbuf *arg, struct subop_call c)
{
	struct xen_varbuf buf;

	if (!guest_handle_is_null(c.arg)) {
		if (copy_from_guest_raw(&buf, guest_handle_addr(c.arg), sizeof(buf)))
			return -EFAULT;
		if (buf.len == 0)
			return -EINVAL;
	}
	return -ENODATA;
}

long do_xen_version(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct subop_call c = {.arg = guest_handle_from(void, arg)};

	return subop_dispatch(xen_version, cmd, c);
}
