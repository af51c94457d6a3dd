/*
 * Port I/O from a PV guest: `in`/`out` need a virtual IOPL (1 for the guest
 * kernel, 3 for guest user mode; PHYSDEVOP_set_iopl), else #GP. With it,
 * the hypervisor's own serial port is not dom0's: reads give all-ones and
 * writes are dropped (the console keeps working after we poke its IER); nor
 * are its PIC, PIT and PM timer; PCI configuration and the RTC go through
 * latches (hardware_ports()). Its pirqs follow Xen's rules (pirqs()).
 * VMASST_TYPE_architectural_iopl, as Xen 4.17: the guest kernel counts as
 * ring 0 (port I/O at IOPL 0), the virtual IOPL is what an iret frame's
 * RFLAGS say (set_iopl still sets it) and shows in every bounce frame's
 * RFLAGS; without the assist, iret frames do not change it and bounce
 * frames show IOPL 0. Dom0's PIT channel 2 is a counting timer, as on Xen.
 */
#include <guest.h>
#include <guest_events.h>
#include <guest_domctl.h>
#include <guest_mm.h>
#include <public/platform.h>

const char test_title[] = "ioport: IOPL rules, architectural IOPL, the hypervisor's UART";

#define VMASST_ARCH_IOPL 4

#define COM1 0x3f8

static int set_iopl(unsigned int iopl)
{
	struct physdev_set_iopl p = {.iopl = iopl};

	return (int)hc_physdev_op(PHYSDEVOP_set_iopl, &p);
}

/* inb port; -1 if it trapped (vector in last_trap). */
static int try_inb(uint16_t port)
{
	uint32_t v = 0x5a;

	trap_record_clear();
	__asm__ __volatile__("1: inb %w1, %b0\n"
			     "2:\n" EXTABLE(1b, 2b)
			     : "+a"(v)
			     : "Nd"(port));
	return last_trap.count ? -1 : (int)(v & 0xff);
}

static int try_outb(uint16_t port, uint8_t val)
{
	trap_record_clear();
	__asm__ __volatile__("1: outb %b0, %w1\n"
			     "2:\n" EXTABLE(1b, 2b)::"a"(val),
			     "Nd"(port));
	return last_trap.count ? -1 : 0;
}

static long user_inb(void)
{
	return try_inb(COM1 + 5);
}

/* IOPL in the RFLAGS of a bounce frame (a #UD in guest kernel mode). */
static unsigned int frame_iopl(void)
{
	trap_record_clear();
	__asm__ __volatile__("1: ud2\n2:\n" EXTABLE(1b, 2b));
	return last_trap.count == 1 ? (unsigned int)(last_trap.rflags >> 12) & 3 : 99;
}

/* inb from user mode after an iret with these RFLAGS. */
static long user_inb_after_iret(uint64_t rflags)
{
	long r;

	exec_user_rflags = rflags;
	r = exec_user(user_inb);
	exec_user_rflags = 0x202;
	return r;
}

static void architectural_iopl(void)
{
	check_eq(set_iopl(3), 0, "set_iopl 3 (assist off)");
	check_eq(frame_iopl(), 0, "assist off: bounce frames show IOPL 0");
	check_eq(set_iopl(0), 0, "set_iopl 0");
	check_eq(hc_vm_assist(VMASST_CMD_enable, VMASST_ARCH_IOPL), 0,
		 "enable VMASST_TYPE_architectural_iopl");
	check_eq(try_inb(COM1 + 5), 0xff, "architectural IOPL 0: the kernel counts as ring 0");
	check(user_inb_after_iret(0x202) < 0 && last_trap.vector == 13 &&
		      !(last_trap.rflags & 0x3000),
	      "iret with IOPL 0: user inb #GP, frame IOPL 0 (rflags %#lx)",
	      (unsigned long)last_trap.rflags);
	check_eq(user_inb_after_iret(0x3202), 0xff, "iret with IOPL 3: user inb allowed");
	check_eq(frame_iopl(), 3, "the IOPL from the iret shows in bounce frames");
	check(user_inb_after_iret(0x1202) < 0 && last_trap.vector == 13 &&
		      (last_trap.rflags & 0x3000) == 0x1000,
	      "iret with IOPL 1: user inb #GP, frame IOPL 1 (rflags %#lx)",
	      (unsigned long)last_trap.rflags);
	check_eq(set_iopl(2), 0, "set_iopl 2 under the assist");
	check_eq(frame_iopl(), 2, "set_iopl's IOPL shows in bounce frames");
	check_eq(hc_vm_assist(VMASST_CMD_disable, VMASST_ARCH_IOPL), 0, "disable the assist");
	check_eq(set_iopl(0), 0, "set_iopl 0");
	check(try_inb(COM1 + 5) < 0 && last_trap.vector == 13,
	      "assist off, IOPL 0: kernel inb #GP again");
	check(user_inb_after_iret(0x3202) < 0 && last_trap.vector == 13,
	      "assist off: an iret with IOPL 3 does not set the IOPL");
	check_eq(set_iopl(1), 0, "set_iopl 1 again");
}

/* Counter 2's count, latched (control word 0x80), low byte then high. */
static int pit2_count(void)
{
	int lo, hi;

	if (try_outb(0x43, 0x80) < 0 || (lo = try_inb(0x42)) < 0 || (hi = try_inb(0x42)) < 0)
		return -1;
	return lo | hi << 8;
}

/*
 * Dom0 has PIT channel 2 (Xen 4.17: the real one when Xen's own timer is not
 * the PIT): a mode-0 count loaded with 0xffff and the gate on runs down, so
 * a kernel can calibrate its TSC against it. 200000 TSC ticks apart (50 us
 * or more: 60 PIT ticks; the count wraps only after 55 ms) two latched
 * reads differ.
 */
static void pit_channel2(void)
{
	int b = try_inb(0x61), c1, c2;
	uint64_t t0;

	check(b >= 0, "port 0x61 readable");
	check_eq(try_outb(0x61, (uint8_t)((b & ~2) | 1)), 0, "gate 2 on, speaker off");
	check_eq(try_outb(0x43, 0xb0), 0, "counter 2: lobyte/hibyte, mode 0");
	check_eq(try_outb(0x42, 0xff), 0, "count low byte");
	check_eq(try_outb(0x42, 0xff), 0, "count high byte");
	c1 = pit2_count();
	for (t0 = rdtsc(); rdtsc() - t0 < 200000;)
		;
	c2 = pit2_count();
	check(c1 >= 0 && c2 >= 0 && c1 != c2, "PIT channel 2 counts: %#x, then %#x", c1, c2);
	check_eq(try_outb(0x61, (uint8_t)(b & ~3)), 0, "gate 2 off again");
}

static uint32_t in_n(uint16_t port, unsigned int size)
{
	uint32_t v = 0;

	if (size == 1)
		__asm__ __volatile__("inb %w1, %b0" : "+a"(v) : "Nd"(port));
	else if (size == 2)
		__asm__ __volatile__("inw %w1, %w0" : "+a"(v) : "Nd"(port));
	else
		__asm__ __volatile__("inl %w1, %0" : "+a"(v) : "Nd"(port));
	return v;
}

static void out_n(uint16_t port, unsigned int size, uint32_t v)
{
	if (size == 1)
		__asm__ __volatile__("outb %b0, %w1" ::"a"(v), "Nd"(port));
	else
		__asm__ __volatile__("outl %0, %w1" ::"a"(v), "Nd"(port));
}

/*
 * dom0's view of the machine's ports (Xen 4.17's hardware-domain policy):
 * the hypervisor's PIC, PIT and PM timer read all-ones; PCI configuration
 * goes through the 0xcf8 latch; the RTC index is latched, its data real.
 */
static void hardware_ports(void)
{
	check_eq(in_n(0x21, 1), 0xff, "PIC mask register (the hypervisor's) reads all-ones");
	check_eq(in_n(0xa1, 1), 0xff, "slave PIC mask register reads all-ones");
	check_eq(in_n(0x40, 1), 0xff, "PIT channel 0 reads all-ones");
	check_eq(in_n(0x608, 4), 0xffffffff, "q35's ACPI PM timer reads all-ones");
	out_n(0xcf8, 4, 0x80000000);
	check_eq(in_n(0xcf8, 4), 0x80000000, "a dword at 0xcf8 is latched and read back");
	check_eq(in_n(0xcfc, 4), 0x29c08086, "00:00.0 config dword 0: q35 host bridge 8086:29c0");
	check_eq(in_n(0xcfe, 2), 0x29c0, "a word at 0xcfe: the device id");
	out_n(0xcf8, 4, 0x8000f800);
	check_eq(in_n(0xcfc, 4), 0x29188086, "00:1f.0 config dword 0: ICH9 LPC 8086:2918");
	out_n(0xcf8, 4, 0);
	check_eq(in_n(0xcfc, 4), 0xffffffff, "with the enable bit clear, 0xcfc reads all-ones");
	out_n(0x70, 1, 0x0d);
	check_eq(in_n(0x70, 1), 0x0d, "the RTC index is latched");
	check_eq(in_n(0x71, 1) & 0x80, 0x80, "RTC register D: valid RAM and time (VRT) set");
}

#define LAPIC 0xfee00000UL
#define IOAPIC 0xfec00000UL
#define HPET 0xfed00000UL
#define AHCI_BAR5 0xfebff000UL /* q35's AHCI ABAR as SeaBIOS places it */
#define PTE_PCD 0x010UL

/* Map machine page maddr at a spare page of ours; 0 or -errno. */
static long map_io(void *va, uint64_t maddr, uint64_t flags)
{
	return hc_update_va_mapping((unsigned long)va, maddr | PTE_P | PTE_A | PTE_D | flags,
				    UVMF_INVLPG);
}

/*
 * I/O memory for dom0 (Xen 4.17's hardware-domain permissions): device
 * MMIO maps, the HPET and the IO-APIC only read-only (a writable request
 * loses RW), the local APIC never (-EPERM, as a missing I/O permission).
 * A domU maps none (-EPERM; without cache attributes, which it may not set).
 */
static void io_memory(void)
{
	void *va = alloc_page();
	volatile uint32_t *p = va;

	check_eq(map_io(va, LAPIC, PTE_RW | PTE_PCD), -XEN_EPERM,
		 "the local APIC page is not dom0's");
	check_eq(map_io(va, IOAPIC, PTE_RW | PTE_PCD), 0, "the IO-APIC page maps");
	check_eq(*pt_entry_of((unsigned long)va, 1) & PTE_RW, 0, "... read-only (RW dropped)");
	check_eq(map_io(va, HPET, PTE_RW | PTE_PCD), 0, "the HPET maps");
	check_eq(*pt_entry_of((unsigned long)va, 1) & PTE_RW, 0, "... read-only (RW dropped)");
	check_eq(p[0] & 0xffff00ff, 0x80860001, "HPET capabilities: vendor 8086, revision 1");
	check_eq(map_io(va, AHCI_BAR5, PTE_RW | PTE_PCD), 0,
		 "a device BAR (AHCI ABAR) maps writable");
	check_eq(*pt_entry_of((unsigned long)va, 1) & PTE_RW, PTE_RW, "... and stays writable");
	check(p[4] >> 16 == 0x0001 || p[4] >> 16 == 0x0000, "AHCI version %#x", p[4]);
	check_eq(map_io(va, 0xf0000, 0), 0, "the BIOS area maps (ACPI RSDP scan)");
}

static long bind_pirq(uint32_t pirq, uint32_t *port)
{
	struct evtchn_bind_pirq b = {.pirq = pirq};
	long rc = evtchn_op(EVTCHNOP_bind_pirq, &b);

	if (port)
		*port = b.port;
	return rc;
}

static long map_gsi(int gsi, int *pirq)
{
	struct physdev_map_pirq m = {
		.domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = gsi, .pirq = gsi};
	long rc = hc_physdev_op(PHYSDEVOP_map_pirq, &m);

	*pirq = m.pirq;
	return rc;
}

/*
 * Physical IRQs of the hardware domain (Xen 4.17's rules): GSI 9 (q35's SCI)
 * maps to pirq 9, binds to one event channel (-EEXIST again), takes an EOI,
 * and once unmapped binds no more (-EPERM, as a pirq never mapped). GSI 0
 * is no one's (-EPERM); the pin of the hypervisor's UART (IRQ 4) is in use
 * (setup_gsi: -EEXIST). GSI 2 (q35's PIT pin by the override of IRQ 0,
 * Xen's cascade IRQ 2) maps, as Linux maps every legacy GSI at boot, but
 * does not bind (-EBUSY).
 */
static void pirqs(void)
{
	struct physdev_eoi eoi = {.irq = 9};
	struct physdev_unmap_pirq unmap = {.domid = DOMID_SELF, .pirq = 9};
	struct physdev_setup_gsi uart = {.gsi = 4, .triggering = 0, .polarity = 0};
	struct evtchn_status st = {.dom = DOMID_SELF};
	int pirq = -1;
	uint32_t port = 0;

	check_eq(map_gsi(9, &pirq), 0, "map_pirq of GSI 9 (the SCI)");
	check_eq(pirq, 9, "... is pirq 9");
	check_eq(bind_pirq(9, &port), 0, "bind_pirq 9");
	check_eq(bind_pirq(9, NULL), -XEN_EEXIST, "bind_pirq 9 again");
	st.port = port;
	check(evtchn_op(EVTCHNOP_status, &st) == 0 && st.status == EVTCHNSTAT_pirq &&
		      st.u.pirq == 9,
	      "its port's status: pirq 9 (status %u)", st.status);
	check_eq(hc_physdev_op(PHYSDEVOP_eoi, &eoi), 0, "EOI of pirq 9");
	check_eq(evtchn_close(port), 0, "close the pirq's port");
	check_eq(hc_physdev_op(PHYSDEVOP_unmap_pirq, &unmap), 0, "unmap_pirq 9");
	check_eq(bind_pirq(9, NULL), -XEN_EPERM, "bind_pirq of the unmapped pirq 9");
	check_eq(bind_pirq(20, NULL), -XEN_EPERM, "bind_pirq of the never mapped pirq 20");
	check_eq(map_gsi(0, &pirq), -XEN_EPERM, "map_pirq of GSI 0 (IRQ 0)");
	check_eq(map_gsi(2, &pirq), 0, "map_pirq of GSI 2 (the PIT's pin)");
	check_eq(bind_pirq(2, NULL), -XEN_EBUSY, "bind_pirq 2 (the PIT's pin)");
	unmap.pirq = 2;
	check_eq(hc_physdev_op(PHYSDEVOP_unmap_pirq, &unmap), 0, "unmap_pirq 2");
	check_eq(hc_physdev_op(PHYSDEVOP_setup_gsi, &uart), -XEN_EEXIST,
		 "setup_gsi of the hypervisor's UART pin (GSI 4)");
}

/*
 * A domU has no ports and no say about devices (role=domu): every port reads
 * all-ones, the 0xcf8 latch included; the device sub-ops of physdev_op and
 * platform_op are the hardware domain's (Xen 4.17: XSM_PRIV / XSM_DM_PRIV).
 */
static void domu_refusals(void)
{
	struct physdev_apic apic = {.apic_physbase = 0xfec00000, .reg = 1};
	struct physdev_pci_device_add add = {.bus = 0, .devfn = 0};
	struct physdev_pci_device dev = {.bus = 0, .devfn = 0};
	struct physdev_pci_mmcfg_reserved mcfg = {
		.address = 0xb0000000, .end_bus = 0xff, .flags = XEN_PCI_MMCFG_RESERVED};
	struct physdev_map_pirq map = {
		.domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = 9, .pirq = 9};
	struct physdev_setup_gsi gsi = {.gsi = 9, .triggering = 1, .polarity = 1};
	struct physdev_unmap_pirq unmap = {.domid = DOMID_SELF, .pirq = 9};
	struct physdev_eoi eoi = {.irq = 9};
	struct xen_platform_op pf = {.cmd = XENPF_get_cpuinfo,
				     .interface_version = XENPF_INTERFACE_VERSION};

	check_eq(set_iopl(1), 0, "domU: set_iopl 1");
	out_n(0xcf8, 4, 0x80000000);
	check_eq(in_n(0xcf8, 4), 0xffffffff, "domU: no 0xcf8 latch");
	check_eq(in_n(0xcfc, 4), 0xffffffff, "domU: no PCI configuration space");
	check_eq(in_n(0x70, 1), 0xff, "domU: no RTC index");
	check_eq(in_n(0x64, 1), 0xff, "domU: no keyboard controller");
	check_eq(hc_physdev_op(PHYSDEVOP_apic_read, &apic), -XEN_EPERM, "domU: apic_read");
	check_eq(hc_physdev_op(PHYSDEVOP_pci_device_add, &add), -XEN_EPERM, "domU: pci_device_add");
	check_eq(hc_physdev_op(PHYSDEVOP_pci_device_remove, &dev), -XEN_EPERM,
		 "domU: pci_device_remove");
	check_eq(hc_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, &mcfg), -XEN_EPERM,
		 "domU: pci_mmcfg_reserved");
	check_eq(hc_physdev_op(PHYSDEVOP_map_pirq, &map), -XEN_EPERM, "domU: map_pirq of GSI 9");
	check_eq(hc_physdev_op(PHYSDEVOP_setup_gsi, &gsi), -XEN_EPERM, "domU: setup_gsi");
	check_eq(hc_physdev_op(PHYSDEVOP_unmap_pirq, &unmap), -XEN_EPERM, "domU: unmap_pirq");
	check_eq(bind_pirq(9, NULL), -XEN_EPERM, "domU: bind_pirq 9");
	check_eq(bind_pirq(10, NULL), -XEN_EPERM, "domU: bind_pirq 10 (dom0 holds it)");
	check_eq(hc_physdev_op(PHYSDEVOP_eoi, &eoi), -XEN_EINVAL, "domU: EOI of a pirq it lacks");
	check_eq(HC(platform_op, &pf, 0, 0), -XEN_EPERM, "domU: platform_op get_cpuinfo");
	check_eq(map_io(alloc_page(), AHCI_BAR5, PTE_RW), -XEN_EPERM, "domU: no device MMIO");
	check_eq(map_io(alloc_page(), 0xf0000, 0), -XEN_EPERM, "domU: no BIOS area");
}

void test_main(void)
{
	int pirq;

	if (cmdline_option("role")) {
		domu_refusals();
		return;
	}
	if (cmdline_option("domu")) /* first thing, before the domU tries it */
		check_eq(map_gsi(10, &pirq), 0, "map_pirq of GSI 10, for the domU to try");
	check_eq(set_iopl(0), 0, "set_iopl 0");
	check(try_inb(COM1 + 5) < 0 && last_trap.vector == 13, "IOPL 0: inb traps with #GP");
	check(try_outb(COM1 + 1, 0) < 0 && last_trap.vector == 13, "IOPL 0: outb traps with #GP");
	check_eq(set_iopl(4), -XEN_EINVAL, "set_iopl 4");
	check_eq(set_iopl(1), 0, "set_iopl 1");
	check_eq(try_inb(COM1 + 5), 0xff, "the hypervisor's UART LSR reads all-ones");
	check_eq(try_inb(COM1 + 1), 0xff, "the hypervisor's UART IER reads all-ones");
	check_eq(try_outb(COM1 + 1, 0x0f), 0, "a write to the UART's IER is allowed (dropped)");
	check_eq(try_outb(COM1 + 3, 0x80), 0, "a write to the UART's LCR is allowed (dropped)");
	check(exec_user(user_inb) < 0 && last_trap.vector == 13,
	      "IOPL 1: inb from user mode traps with #GP");
	check_eq(set_iopl(3), 0, "set_iopl 3");
	check_eq(exec_user(user_inb), 0xff, "IOPL 3: inb from user mode reads all-ones");
	check_eq(set_iopl(1), 0, "set_iopl back to 1");
	architectural_iopl();
	pit_channel2();

	hardware_ports();
	io_memory();
	pirqs();
	printf("console still works after the UART writes\n");
	if (cmdline_option("domu"))
		wait_domain_shutdown(1); /* let the domU finish its checks */
}
