/*
 * xm info: xl info's "key : value" lines in xl's order, from uname(2),
 * XEN_SYSCTL_physinfo, sched_id, cpupool FREEINFO (free_cpus is left out
 * if that fails, as xl does) and the xen_version sub-ops. `xm info KEY`
 * prints only the values of the keys starting with KEY.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "public/version.h"
#include "xm.h"
#include "../libs/ctrl/xctrl.h"

static const char *only; /* a key prefix, or NULL */

static void field(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void field(const char *key, const char *fmt, ...)
{
	va_list ap;

	if (only && strncmp(key, only, strlen(only)))
		return;
	if (!only)
		printf("%-23s: ", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void host_fields(void)
{
	struct utsname u;

	uname(&u);
	field("host", "%s", u.nodename);
	field("release", "%s", u.release);
	field("version", "%s", u.version);
	field("machine", "%s", u.machine);
}

static void phys_fields(struct xcall *c, const struct xen_sysctl_physinfo *p)
{
	static const char *const caps[] = {
		" pv",	 " hvm",       " hvm_directio",	      " pv_directio",
		" hap",	 " shadow",    " iommu_hap_pt_share", " vmtrace",
		" vpmu", " gnttab-v1", " gnttab-v2"};
	static const uint32_t bits[] = {XEN_SYSCTL_PHYSCAP_pv,
					XEN_SYSCTL_PHYSCAP_hvm,
					XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_directio,
					XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_directio,
					XEN_SYSCTL_PHYSCAP_hap,
					XEN_SYSCTL_PHYSCAP_shadow,
					XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share,
					XEN_SYSCTL_PHYSCAP_vmtrace,
					XEN_SYSCTL_PHYSCAP_vpmu,
					XEN_SYSCTL_PHYSCAP_gnttab_v1,
					XEN_SYSCTL_PHYSCAP_gnttab_v2};
	char virt[200] = "";
	int free_cpus;

	field("nr_cpus", "%u", p->nr_cpus);
	field("max_cpu_id", "%u", p->max_cpu_id);
	field("nr_nodes", "%u", p->nr_nodes);
	field("cores_per_socket", "%u", p->cores_per_socket);
	field("threads_per_core", "%u", p->threads_per_core);
	field("cpu_mhz", "%u.%03u", p->cpu_khz / 1000, p->cpu_khz % 1000);
	field("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x", p->hw_cap[0], p->hw_cap[1],
	      p->hw_cap[2], p->hw_cap[3], p->hw_cap[4], p->hw_cap[5], p->hw_cap[6], p->hw_cap[7]);
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if ((p->capabilities & bits[i]) == bits[i])
			strcat(virt, caps[i]);
	field("virt_caps", "%s", virt[0] ? virt + 1 : "");
	field("total_memory", "%lu", (unsigned long)(p->total_pages >> 8));
	field("free_memory", "%lu", (unsigned long)(p->free_pages >> 8));
	field("sharing_freed_memory", "%ld", 0L);
	field("sharing_used_memory", "%ld", 0L);
	field("outstanding_claims", "%lu", (unsigned long)(p->outstanding_pages >> 8));
	free_cpus = xctrl_free_cpus(c);
	if (free_cpus >= 0)
		field("free_cpus", "%d", free_cpus);
}

static const char *sched_name(uint32_t id)
{
	static const char *const names[] = {"credit", "credit2", "arinc653", "rtds", "null"};

	return id >= XEN_SCHEDULER_CREDIT && id <= XEN_SCHEDULER_NULL
		       ? names[id - XEN_SCHEDULER_CREDIT]
		       : "unknown";
}

/* XENVER_build_id as hex (empty if the hypervisor has none). */
static void build_id(struct xcall *c, char *hex, size_t size)
{
	uint8_t buf[4 + 1024] = {0};
	uint32_t len = 1024;
	long n;

	memcpy(buf, &len, sizeof(len));
	n = xctrl_version(c, XENVER_build_id, buf, sizeof(buf));
	hex[0] = '\0';
	for (long i = 0; n > 0 && i < n && (size_t)(2 * i + 3) < size; i++)
		sprintf(hex + 2 * i, "%02x", buf[4 + i]);
}

static void xen_fields(struct xcall *c)
{
	xen_extraversion_t extra = "";
	xen_capabilities_info_t caps = "";
	xen_changeset_info_t changeset = "";
	xen_commandline_t cmdline = "";
	struct xen_compile_info ci = {0};
	struct xen_platform_parameters pp = {0};
	long v = xctrl_version(c, XENVER_version, NULL, 0), page;
	uint32_t sched = 0;
	char bid[2100];

	xctrl_version(c, XENVER_extraversion, extra, sizeof(extra));
	xctrl_version(c, XENVER_capabilities, caps, sizeof(caps));
	xctrl_version(c, XENVER_changeset, changeset, sizeof(changeset));
	xctrl_version(c, XENVER_commandline, cmdline, sizeof(cmdline));
	xctrl_version(c, XENVER_compile_info, &ci, sizeof(ci));
	xctrl_version(c, XENVER_platform_parameters, &pp, sizeof(pp));
	page = xctrl_version(c, XENVER_pagesize, NULL, 0);
	build_id(c, bid, sizeof(bid));
	if (xctrl_sched_id(c, &sched))
		return;
	field("xen_major", "%ld", v >> 16);
	field("xen_minor", "%ld", v & 0xffff);
	field("xen_extra", "%s", extra);
	field("xen_version", "%ld.%ld%s", v >> 16, v & 0xffff, extra);
	field("xen_caps", "%s", caps);
	field("xen_scheduler", "%s", sched_name(sched));
	field("xen_pagesize", "%ld", page);
	field("platform_params", "virt_start=0x%lx", (unsigned long)pp.virt_start);
	field("xen_changeset", "%s", changeset);
	field("xen_commandline", "%s", cmdline);
	field("cc_compiler", "%s", ci.compiler);
	field("cc_compile_by", "%s", ci.compile_by);
	field("cc_compile_domain", "%s", ci.compile_domain);
	field("cc_compile_date", "%s", ci.compile_date);
	field("build_id", "%s", bid);
}

int xm_info(int argc, char **argv)
{
	struct xen_sysctl_physinfo p;
	struct xcall *c;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return xm_usage("info");
	only = argc == 2 ? argv[1] : NULL;
	c = xcall_open();
	if (!c) {
		perror("xm: cannot open /dev/xen/privcmd");
		return 1;
	}
	if (xctrl_physinfo(c, &p)) {
		fprintf(stderr, "xm: XEN_SYSCTL_physinfo failed\n");
		xcall_close(c);
		return 1;
	}
	host_fields();
	phys_fields(c, &p);
	xen_fields(c);
	field("xend_config_format", "%d", 4);
	xcall_close(c);
	return 0;
}
