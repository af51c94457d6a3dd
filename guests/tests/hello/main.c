/*
 * hello: the runtime itself. Start-of-day state as the ABI promises it
 * (start_info magic and fields, the initial mapping, the stack), console
 * output through both hypercall paths, and the verdict line. With `long`
 * on its command line (tests/boot), cmd_line holds that line's first 1023
 * bytes and the NUL.
 */
#include <guest.h>

const char test_title[] = "hello: start of day, console, verdict";

static void check_start_info(void)
{
	uint64_t pt = start_info->pt_base, si = (uint64_t)start_info;

	check(!strncmp(start_info->magic, "xen-3.0-x86_64", 14), "magic");
	check(start_info->nr_pages > 0, "nr_pages");
	check(!(start_info->shared_info & 0xfff), "shared_info is a page's machine address");
	check((start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)) ==
		      (SIF_PRIVILEGED | SIF_INITDOMAIN),
	      "flags: privileged initial domain");
	check(!(pt & 0xfff) && pt > si, "pt_base %#lx is a page after start_info", pt);
	check(start_info->nr_pt_frames >= 4, "nr_pt_frames %lu", start_info->nr_pt_frames);
	check(start_info->mfn_list >= GUEST_VIRT_BASE && start_info->mfn_list < si,
	      "mfn_list %#lx lies before start_info", start_info->mfn_list);
	check(mfn_to_pfn(virt_to_mfn(start_info)) == (si - GUEST_VIRT_BASE) >> 12,
	      "M2P and p2m agree for start_info's frame");
	if (cmdline_option("long")) /* tests/boot: a command line longer than cmd_line */
		check_eq(strnlen(start_info->cmd_line, MAX_GUEST_CMDLINE), MAX_GUEST_CMDLINE - 1,
			 "a long command line: its first 1023 bytes, then the NUL");
}

void test_main(void)
{
	printf("Hello from a xeno test guest (hypercall page %s)\n",
	       hypercall_via_syscall ? "absent" : "present");
	check_start_info();
	hypercall_via_syscall = 1;
	check(hc_console_write("hello via syscall\n", 18) >= 0, "console_io via syscall");
	hypercall_via_syscall = 0;
	check(hc_console_write("hello via the hypercall page\n", 29) >= 0,
	      "console_io via the hypercall page");
}
