/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * platform_op(struct xen_platform_op *): host platform control for the
 * hardware domain (dom0).  Every call carries cmd and
 * interface_version == XENPF_INTERFACE_VERSION; the argument union is
 * 128 bytes.
 */
#ifndef XENO_PUBLIC_PLATFORM_H
#define XENO_PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32 17	      /* struct xenpf_settime32 */
#define XENPF_add_memtype 31	      /* struct xenpf_add_memtype */
#define XENPF_del_memtype 32	      /* struct xenpf_del_memtype */
#define XENPF_read_memtype 33	      /* struct xenpf_read_memtype */
#define XENPF_microcode_update 35     /* struct xenpf_microcode_update */
#define XENPF_platform_quirk 39	      /* struct xenpf_platform_quirk */
#define XENPF_get_cpu_version 48      /* struct xenpf_pcpu_version */
#define XENPF_efi_runtime_call 49     /* struct xenpf_efi_runtime_call */
#define XENPF_firmware_info 50	      /* struct xenpf_firmware_info */
#define XENPF_enter_acpi_sleep 51     /* struct xenpf_enter_acpi_sleep */
#define XENPF_change_freq 52	      /* struct xenpf_change_freq */
#define XENPF_getidletime 53	      /* struct xenpf_getidletime */
#define XENPF_set_processor_pminfo 54 /* struct xenpf_set_processor_pminfo */
#define XENPF_get_cpuinfo 55	      /* struct xenpf_pcpuinfo */
#define XENPF_cpu_online 56	      /* struct xenpf_cpu_ol */
#define XENPF_cpu_offline 57	      /* struct xenpf_cpu_ol */
#define XENPF_cpu_hotadd 58	      /* struct xenpf_cpu_hotadd */
#define XENPF_mem_hotadd 59	      /* struct xenpf_mem_hotadd */
#define XENPF_core_parking 60	      /* struct xenpf_core_parking */
#define XENPF_resource_op 61	      /* struct xenpf_resource_op */
#define XENPF_settime64 62	      /* struct xenpf_settime64 */
#define XENPF_get_symbol 63	      /* struct xenpf_symdata */
#define XENPF_get_dom0_console 64     /* struct dom0_vga_console_info */
#define XENPF_get_ucode_revision 65   /* struct xenpf_ucode_revision */
#define XENPF_microcode_update2 66    /* struct xenpf_microcode_update2 */

/* Current name of the settime op. */
#define XENPF_settime XENPF_settime64

/* XENPF_platform_quirk ids */
#define QUIRK_NOIRQBALANCING 1
#define QUIRK_IOAPIC_BAD_REGSEL 2
#define QUIRK_IOAPIC_GOOD_REGSEL 3

/* XENPF_efi_runtime_call functions and flags */
#define XEN_EFI_get_time 1
#define XEN_EFI_set_time 2
#define XEN_EFI_get_wakeup_time 3
#define XEN_EFI_set_wakeup_time 4
#define XEN_EFI_get_next_high_monotonic_count 5
#define XEN_EFI_get_variable 6
#define XEN_EFI_set_variable 7
#define XEN_EFI_get_next_variable_name 8
#define XEN_EFI_query_variable_info 9
#define XEN_EFI_query_capsule_capabilities 10
#define XEN_EFI_update_capsule 11
#define XEN_EFI_GET_TIME_SET_CLEARS_NS 0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_ENABLED 0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_PENDING 0x00000002
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE 0x00000001
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE_ONLY 0x00000002
#define XEN_EFI_VARIABLE_NON_VOLATILE 0x00000001
#define XEN_EFI_VARIABLE_BOOTSERVICE_ACCESS 0x00000002
#define XEN_EFI_VARIABLE_RUNTIME_ACCESS 0x00000004
#define XEN_EFI_VARINFO_BOOT_SNAPSHOT 0x00000001

/* XENPF_firmware_info types (and XEN_FW_EFI_INFO indices) */
#define XEN_FW_DISK_INFO 1	    /* BIOS int 13h, AH=08/41/48 */
#define XEN_FW_DISK_MBR_SIGNATURE 2 /* MBR offset 0x1b8 */
#define XEN_FW_VBEDDC_INFO 3	    /* BIOS int 10h, AX=4F15 */
#define XEN_FW_EFI_INFO 4
#define XEN_FW_EFI_VERSION 0
#define XEN_FW_EFI_CONFIG_TABLE 1
#define XEN_FW_EFI_VENDOR 2
#define XEN_FW_EFI_MEM_INFO 3
#define XEN_FW_EFI_RT_VERSION 4
#define XEN_FW_EFI_PCI_ROM 5
#define XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS 5 /* BIOS int 16h, AH=02 */

/* xenpf_enter_acpi_sleep.flags */
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001

/* XENPF_set_processor_pminfo */
#define XEN_PROCESSOR_PM_CX 1 /* capability bits */
#define XEN_PROCESSOR_PM_PX 2
#define XEN_PROCESSOR_PM_TX 4
#define XEN_PM_CX 0 /* xenpf_set_processor_pminfo.type */
#define XEN_PM_PX 1
#define XEN_PM_TX 2
#define XEN_PM_PDC 3
#define XEN_PM_CPPC 4
#define XEN_PX_PCT 1 /* xen_processor_performance.flags */
#define XEN_PX_PSS 2
#define XEN_PX_PPC 4
#define XEN_PX_PSD 8
#define XEN_CPPC_PSD (1U << 0) /* xen_processor_cppc.flags */
#define XEN_CPPC_CPC (1U << 1)
#define XEN_CPUPERF_SHARED_TYPE_HW 1
#define XEN_CPUPERF_SHARED_TYPE_ALL 2
#define XEN_CPUPERF_SHARED_TYPE_ANY 3

/* xenpf_pcpuinfo.flags */
#define XEN_PCPU_FLAGS_ONLINE 1
#define XEN_PCPU_FLAGS_INVALID 2

/* XENPF_core_parking types */
#define XEN_CORE_PARKING_SET 1
#define XEN_CORE_PARKING_GET 2

/* xenpf_resource_entry commands */
#define XEN_RESOURCE_OP_MSR_READ 0
#define XEN_RESOURCE_OP_MSR_WRITE 1

/* xenpf_microcode_update2.flags */
#define XENPF_UCODE_FORCE 1

#ifndef __ASSEMBLER__

/* Set the wall clock to secs.nsecs as of the given system time. */
struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;

struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;

#define xenpf_settime xenpf_settime64
typedef struct xenpf_settime64 xenpf_settime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime_t);

/* MTRR management. */
struct xenpf_add_memtype {
	xen_pfn_t mfn;	  /* IN */
	uint64_t nr_mfns; /* IN */
	uint32_t type;	  /* IN: MTRR type */
	uint32_t handle;  /* OUT */
	uint32_t reg;	  /* OUT */
};
typedef struct xenpf_add_memtype xenpf_add_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_add_memtype_t);

struct xenpf_del_memtype {
	uint32_t handle; /* IN (0 if unknown) */
	uint32_t reg;	 /* IN */
};
typedef struct xenpf_del_memtype xenpf_del_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_del_memtype_t);

struct xenpf_read_memtype {
	uint32_t reg; /* IN */
	uint32_t pad;
	xen_pfn_t mfn;	  /* OUT */
	uint64_t nr_mfns; /* OUT */
	uint32_t type;	  /* OUT */
};
typedef struct xenpf_read_memtype xenpf_read_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_read_memtype_t);

struct xenpf_microcode_update {
	XEN_GUEST_HANDLE(const_void) data;
	uint32_t length;
};
typedef struct xenpf_microcode_update xenpf_microcode_update_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_microcode_update_t);

struct xenpf_platform_quirk {
	uint32_t quirk_id; /* QUIRK_* */
};
typedef struct xenpf_platform_quirk xenpf_platform_quirk_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_platform_quirk_t);

/* EFI runtime services. */
struct xenpf_efi_time {
	uint16_t year;
	uint8_t month;
	uint8_t day;
	uint8_t hour;
	uint8_t min;
	uint8_t sec;
	uint32_t ns;
	int16_t tz;
	uint8_t daylight;
};

struct xenpf_efi_guid {
	uint32_t data1;
	uint16_t data2;
	uint16_t data3;
	uint8_t data4[8];
};

struct xenpf_efi_get_time {
	struct xenpf_efi_time time;
	uint32_t resolution;
	uint32_t accuracy;
};
struct xenpf_efi_variable {
	XEN_GUEST_HANDLE(void) name; /* UCS-2 */
	xen_ulong_t size;
	XEN_GUEST_HANDLE(void) data;
	struct xenpf_efi_guid vendor_guid;
};
struct xenpf_efi_next_variable_name {
	xen_ulong_t size;
	XEN_GUEST_HANDLE(void) name; /* UCS-2 */
	struct xenpf_efi_guid vendor_guid;
};
struct xenpf_efi_query_variable_info {
	uint32_t attr;
	uint32_t pad;
	uint64_t max_store_size;
	uint64_t remain_store_size;
	uint64_t max_size;
};
struct xenpf_efi_query_capsule_capabilities {
	XEN_GUEST_HANDLE(void) capsule_header_array;
	xen_ulong_t capsule_count;
	uint64_t max_capsule_size;
	uint32_t reset_type;
};
struct xenpf_efi_update_capsule {
	XEN_GUEST_HANDLE(void) capsule_header_array;
	xen_ulong_t capsule_count;
	uint64_t sg_list; /* machine address */
};

struct xenpf_efi_runtime_call {
	uint32_t function;  /* XEN_EFI_* */
	uint32_t misc;	    /* flags; result of get_next_high_mono_count */
	xen_ulong_t status; /* EFI status */
	union {
		struct xenpf_efi_get_time get_time;
		struct xenpf_efi_time set_time;
		struct xenpf_efi_time get_wakeup_time;
		struct xenpf_efi_time set_wakeup_time;
		struct xenpf_efi_variable get_variable;
		struct xenpf_efi_variable set_variable;
		struct xenpf_efi_next_variable_name get_next_variable_name;
		struct xenpf_efi_query_variable_info query_variable_info;
		struct xenpf_efi_query_capsule_capabilities query_capsule_capabilities;
		struct xenpf_efi_update_capsule update_capsule;
	} u;
};
typedef struct xenpf_efi_runtime_call xenpf_efi_runtime_call_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_efi_runtime_call_t);

/* Firmware information collected at boot. */
struct xenpf_fw_disk_info {
	uint8_t device;		    /* BIOS drive number */
	uint8_t version;	    /* EDD major version */
	uint16_t interface_support; /* EDD support bitmap */
	uint16_t legacy_max_cylinder;
	uint8_t legacy_max_head;
	uint8_t legacy_sectors_per_track;
	XEN_GUEST_HANDLE(void) edd_params; /* buffer; first u16 = its size */
};
struct xenpf_fw_disk_mbr_signature {
	uint8_t device;
	uint8_t pad[3];
	uint32_t mbr_signature;
};
struct xenpf_fw_vbeddc_info {
	uint8_t capabilities;
	uint8_t edid_transfer_time;
	uint8_t pad[6];
	XEN_GUEST_HANDLE(uint8) edid; /* 128-byte buffer */
};
struct xenpf_efi_info_cfg {
	uint64_t addr; /* EFI configuration table */
	uint32_t nent;
};
struct xenpf_efi_info_vendor {
	uint32_t revision;
	uint32_t bufsz;		     /* IN: bytes */
	XEN_GUEST_HANDLE(void) name; /* UCS-2 */
};
struct xenpf_efi_info_mem {
	uint64_t addr;
	uint64_t size;
	uint64_t attr;
	uint32_t type;
};
struct xenpf_efi_info_pci_rom {
	uint16_t segment; /* IN */
	uint8_t bus;	  /* IN */
	uint8_t devfn;	  /* IN */
	uint16_t vendor;  /* IN */
	uint16_t devid;	  /* IN */
	uint64_t address; /* OUT */
	xen_ulong_t size; /* OUT */
};
struct xenpf_efi_info_apple_properties {
	uint64_t address; /* OUT */
	xen_ulong_t size; /* OUT */
};
union xenpf_efi_info {
	uint32_t version;
	struct xenpf_efi_info_cfg cfg;
	struct xenpf_efi_info_vendor vendor;
	struct xenpf_efi_info_mem mem;
	struct xenpf_efi_info_pci_rom pci_rom;
	struct xenpf_efi_info_apple_properties apple_properties;
};

struct xenpf_firmware_info {
	uint32_t type;	/* IN: XEN_FW_* */
	uint32_t index; /* IN */
	union {
		struct xenpf_fw_disk_info disk_info;
		struct xenpf_fw_disk_mbr_signature disk_mbr_signature;
		struct xenpf_fw_vbeddc_info vbeddc_info;
		union xenpf_efi_info efi_info;
		uint8_t kbd_shift_flags;
	} u; /* OUT */
};
typedef struct xenpf_firmware_info xenpf_firmware_info_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_firmware_info_t);

struct xenpf_enter_acpi_sleep {
	uint16_t val_a;	      /* PM1a control / sleep type A */
	uint16_t val_b;	      /* PM1b control / sleep type B */
	uint32_t sleep_state; /* S-state */
	uint32_t flags;	      /* XENPF_ACPI_SLEEP_* */
};
typedef struct xenpf_enter_acpi_sleep xenpf_enter_acpi_sleep_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_enter_acpi_sleep_t);

struct xenpf_change_freq {
	uint32_t flags; /* must be 0 */
	uint32_t cpu;
	uint64_t freq; /* Hz */
};
typedef struct xenpf_change_freq xenpf_change_freq_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_change_freq_t);

struct xenpf_getidletime {
	XEN_GUEST_HANDLE(uint8) cpumap_bitmap; /* IN/OUT */
	uint32_t cpumap_nr_cpus;	       /* IN */
	uint32_t pad;
	XEN_GUEST_HANDLE(uint64) idletime; /* OUT, ns, indexed by CPU */
	uint64_t now;			   /* OUT */
};
typedef struct xenpf_getidletime xenpf_getidletime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_getidletime_t);

/* ACPI processor power/performance data. */
struct xen_power_register {
	uint32_t space_id;
	uint32_t bit_width;
	uint32_t bit_offset;
	uint32_t access_size;
	uint64_t address;
};

struct xen_processor_csd {
	uint32_t domain;
	uint32_t coord_type;
	uint32_t num;
};
typedef struct xen_processor_csd xen_processor_csd_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_csd_t);

struct xen_processor_cx {
	struct xen_power_register reg;
	uint8_t type;
	uint8_t pad[3];
	uint32_t latency;
	uint32_t power;
	uint32_t dpcnt;
	XEN_GUEST_HANDLE(xen_processor_csd_t) dp;
};
typedef struct xen_processor_cx xen_processor_cx_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_cx_t);

/* One 32-bit word: bit 0 bm_control, 1 bm_check, 2 has_cst,
 * 3 power_setup_done, 4 bm_rld_set. */
struct xen_processor_flags {
	uint32_t bm_control : 1;
	uint32_t bm_check : 1;
	uint32_t has_cst : 1;
	uint32_t power_setup_done : 1;
	uint32_t bm_rld_set : 1;
};

struct xen_processor_power {
	uint32_t count;
	struct xen_processor_flags flags;
	XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};

struct xen_pct_register {
	uint8_t descriptor;
	uint8_t pad0;
	uint16_t length;
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t reserved;
	uint64_t address;
};

struct xen_processor_px {
	uint64_t core_frequency;     /* MHz */
	uint64_t power;		     /* mW */
	uint64_t transition_latency; /* us */
	uint64_t bus_master_latency; /* us */
	uint64_t control;
	uint64_t status;
};
typedef struct xen_processor_px xen_processor_px_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_px_t);

struct xen_psd_package {
	uint64_t num_entries;
	uint64_t revision;
	uint64_t domain;
	uint64_t coord_type;
	uint64_t num_processors;
};

struct xen_processor_performance {
	uint32_t flags; /* XEN_PX_* */
	uint32_t platform_limit;
	struct xen_pct_register control_register;
	struct xen_pct_register status_register;
	uint32_t state_count;
	uint32_t pad;
	XEN_GUEST_HANDLE(xen_processor_px_t) states;
	struct xen_psd_package domain_info;
	uint32_t shared_type; /* XEN_CPUPERF_SHARED_TYPE_* */
};
typedef struct xen_processor_performance xen_processor_performance_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_performance_t);

struct xen_processor_cppc_cpc {
	uint32_t highest_perf;
	uint32_t nominal_perf;
	uint32_t lowest_nonlinear_perf;
	uint32_t lowest_perf;
	uint32_t lowest_mhz;
	uint32_t nominal_mhz;
};
struct xen_processor_cppc {
	uint8_t flags; /* XEN_CPPC_* */
	uint8_t pad[3];
	struct xen_processor_cppc_cpc cpc;
	uint32_t shared_type;
	struct xen_psd_package domain_info;
};
typedef struct xen_processor_cppc xen_processor_cppc_t;

struct xenpf_set_processor_pminfo {
	uint32_t id;   /* ACPI processor id */
	uint32_t type; /* XEN_PM_* */
	union {
		struct xen_processor_power power;
		struct xen_processor_performance perf;
		XEN_GUEST_HANDLE(uint32) pdc;
		xen_processor_cppc_t cppc_data;
	} u;
};
typedef struct xenpf_set_processor_pminfo xenpf_set_processor_pminfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_set_processor_pminfo_t);

struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;   /* IN */
	uint32_t max_present; /* OUT: highest present CPU number */
	uint32_t flags;	      /* OUT: XEN_PCPU_FLAGS_* */
	uint32_t apic_id;     /* OUT */
	uint32_t acpi_id;     /* OUT */
};
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpuinfo_t);

struct xenpf_pcpu_version {
	uint32_t xen_cpuid;   /* IN */
	uint32_t max_present; /* OUT */
	char vendor_id[12];   /* OUT */
	uint32_t family;      /* OUT */
	uint32_t model;	      /* OUT */
	uint32_t stepping;    /* OUT */
};
typedef struct xenpf_pcpu_version xenpf_pcpu_version_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpu_version_t);

struct xenpf_cpu_ol {
	uint32_t cpuid;
};
typedef struct xenpf_cpu_ol xenpf_cpu_ol_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_cpu_ol_t);

struct xenpf_cpu_hotadd {
	uint32_t apic_id;
	uint32_t acpi_id;
	uint32_t pxm;
};
typedef struct xenpf_cpu_hotadd xenpf_cpu_hotadd_t;

struct xenpf_mem_hotadd {
	uint64_t spfn;
	uint64_t epfn;
	uint32_t pxm;
	uint32_t flags;
};
typedef struct xenpf_mem_hotadd xenpf_mem_hotadd_t;

struct xenpf_core_parking {
	uint32_t type;	    /* XEN_CORE_PARKING_* */
	uint32_t idle_nums; /* IN (set) / OUT (get) */
};
typedef struct xenpf_core_parking xenpf_core_parking_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_core_parking_t);

/* Batched MSR access on one physical CPU; returns the number of entries
 * done, the failing one carrying its error in u.ret. */
struct xenpf_resource_entry {
	union {
		uint32_t cmd; /* IN: XEN_RESOURCE_OP_* */
		int32_t ret;  /* OUT */
	} u;
	uint32_t rsvd; /* must be 0 */
	uint64_t idx;  /* IN: MSR index */
	uint64_t val;  /* IN/OUT */
};
typedef struct xenpf_resource_entry xenpf_resource_entry_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_resource_entry_t);

struct xenpf_resource_op {
	uint32_t nr_entries;
	uint32_t cpu;
	XEN_GUEST_HANDLE(xenpf_resource_entry_t) entries;
};
typedef struct xenpf_resource_op xenpf_resource_op_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_resource_op_t);

struct xenpf_symdata {
	uint32_t namelen;	     /* IN: buffer size; OUT: full name length */
	uint32_t symnum;	     /* IN: symbol; OUT: next symbol */
	XEN_GUEST_HANDLE(char) name; /* OUT */
	uint64_t address;	     /* OUT */
	char type;		     /* OUT */
};
typedef struct xenpf_symdata xenpf_symdata_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_symdata_t);

typedef struct dom0_vga_console_info xenpf_dom0_console_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_dom0_console_t);

struct xenpf_ucode_revision {
	uint32_t cpu;	    /* IN */
	uint32_t signature; /* OUT: CPUID.1.EAX */
	uint32_t pf;	    /* OUT: platform flags (Intel) */
	uint32_t revision;  /* OUT */
};
typedef struct xenpf_ucode_revision xenpf_ucode_revision_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_ucode_revision_t);

struct xenpf_microcode_update2 {
	uint32_t flags; /* XENPF_UCODE_* */
	uint32_t length;
	XEN_GUEST_HANDLE(const_void) data;
};
typedef struct xenpf_microcode_update2 xenpf_microcode_update2_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_microcode_update2_t);

struct xen_platform_op {
	uint32_t cmd;		    /* XENPF_* */
	uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
	union {
		xenpf_settime_t settime;
		xenpf_settime32_t settime32;
		xenpf_settime64_t settime64;
		xenpf_add_memtype_t add_memtype;
		xenpf_del_memtype_t del_memtype;
		xenpf_read_memtype_t read_memtype;
		xenpf_microcode_update_t microcode;
		xenpf_platform_quirk_t platform_quirk;
		xenpf_efi_runtime_call_t efi_runtime_call;
		xenpf_firmware_info_t firmware_info;
		xenpf_enter_acpi_sleep_t enter_acpi_sleep;
		xenpf_change_freq_t change_freq;
		xenpf_getidletime_t getidletime;
		xenpf_set_processor_pminfo_t set_pminfo;
		xenpf_pcpuinfo_t pcpu_info;
		xenpf_pcpu_version_t pcpu_version;
		xenpf_cpu_ol_t cpu_ol;
		xenpf_cpu_hotadd_t cpu_add;
		xenpf_mem_hotadd_t mem_add;
		xenpf_core_parking_t core_parking;
		xenpf_resource_op_t resource_op;
		xenpf_symdata_t symdata;
		xenpf_dom0_console_t dom0_console;
		xenpf_ucode_revision_t ucode_revision;
		xenpf_microcode_update2_t microcode2;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_PLATFORM_H */
