/*
 * Multiboot1 and multiboot2 information parsing into struct bootinfo.
 * Runs first thing at boot while the boot page tables identity-map the
 * first GiB through the direct map; loader structures are read through
 * maddr_to_virt() and must lie below 1 GiB (QEMU and GRUB put them low).
 */
#include <xeno/bootinfo.h>
#include <xeno/lib.h>
#include <xeno/string.h>
#include <asm/page.h>

#define MB1_BOOTLOADER_MAGIC 0x2badb002
#define MB2_BOOTLOADER_MAGIC 0x36d76289

struct __packed mb1_info {
	u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	u32 syms[4], mmap_length, mmap_addr;
	u32 drives_length, drives_addr, config_table, loader_name;
};

struct __packed mb1_module {
	u32 start, end, string, reserved;
};

struct __packed mb1_mmap {
	u32 size;
	u64 addr, len;
	u32 type;
};

static const void *phys(paddr_t pa)
{
	return maddr_to_virt(pa);
}

static void add_memmap(u64 addr, u64 size, u32 type)
{
	if (bootinfo.nr_memmap < MAX_MEMMAP && size)
		bootinfo.memmap[bootinfo.nr_memmap++] = (struct memmap_entry){addr, size, type};
}

static void add_module(paddr_t start, paddr_t end, const char *cmdline)
{
	struct boot_module *m;

	if (bootinfo.nr_modules >= MAX_MODULES)
		return;
	m = &bootinfo.modules[bootinfo.nr_modules++];
	m->start = start;
	m->end = end;
	m->cmdline_len = strlcpy(m->cmdline, cmdline ? cmdline : "", sizeof(m->cmdline));
}

static void parse_mb1(const struct mb1_info *mbi)
{
	bootinfo.loader = "multiboot1";
	if (mbi->flags & (1u << 2))
		strlcpy(bootinfo.cmdline, phys(mbi->cmdline), sizeof(bootinfo.cmdline));
	if (mbi->flags & (1u << 9))
		strlcpy(bootinfo.loader_name, phys(mbi->loader_name), sizeof(bootinfo.loader_name));
	if (mbi->flags & (1u << 3)) {
		const struct mb1_module *mod = phys(mbi->mods_addr);

		for (u32 i = 0; i < mbi->mods_count; i++)
			add_module(mod[i].start, mod[i].end,
				   mod[i].string ? phys(mod[i].string) : "");
	}
	if (mbi->flags & (1u << 6)) {
		paddr_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

		for (const struct mb1_mmap *e; p < end; p += e->size + 4) {
			e = phys(p);
			add_memmap(e->addr, e->len, e->type);
		}
	} else if (mbi->flags & 1u) {
		add_memmap(0, (u64)mbi->mem_lower << 10, E820_RAM);
		add_memmap(1 << 20, (u64)mbi->mem_upper << 10, E820_RAM);
	}
}

struct mb2_tag {
	u32 type, size;
};

static void parse_mb2_mmap(const struct mb2_tag *t)
{
	const u32 *hdr = (const u32 *)(t + 1); /* entry_size, entry_version */
	const u8 *p = (const u8 *)(hdr + 2), *end = (const u8 *)t + t->size;

	for (; p + 24 <= end; p += hdr[0]) {
		const u64 *e = (const u64 *)p;

		add_memmap(e[0], e[1], *(const u32 *)(p + 16));
	}
}

static void parse_mb2_tag(const struct mb2_tag *t)
{
	const u32 *w = (const u32 *)(t + 1);

	switch (t->type) {
	case 1: strlcpy(bootinfo.cmdline, (const char *)w, sizeof(bootinfo.cmdline)); break;
	case 2: strlcpy(bootinfo.loader_name, (const char *)w, sizeof(bootinfo.loader_name)); break;
	case 3: add_module(w[0], w[1], (const char *)(w + 2)); break;
	case 6: parse_mb2_mmap(t); break;
	case 14:
	case 15:
		memcpy(bootinfo.rsdp_copy, w, MIN(sizeof(bootinfo.rsdp_copy), t->size - 8));
		bootinfo.rsdp = virt_to_maddr(bootinfo.rsdp_copy);
		break;
	}
}

static void parse_mb2(paddr_t info)
{
	u32 total = *(const u32 *)phys(info);
	paddr_t p = info + 8;

	bootinfo.loader = "multiboot2";
	while (p + 8 <= info + total) {
		const struct mb2_tag *t = phys(p);

		if (t->type == 0 || t->size < 8)
			break;
		parse_mb2_tag(t);
		p += ROUNDUP((paddr_t)t->size, 8);
	}
}

/*
 * Most loaders (QEMU, GRUB legacy) put the image's own path first; GRUB 2
 * does not. Like Xen, decide by the loader's name.
 */
static void strip_image_name(char *cmdline)
{
	char *p = cmdline;

	if (!strncmp(bootinfo.loader_name, "GRUB 2", 6))
		return;
	while (*p == ' ')
		p++;
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	memmove(cmdline, p, strlen(p) + 1);
}

int bootinfo_parse(u32 magic, paddr_t info)
{
	if (magic == MB1_BOOTLOADER_MAGIC)
		parse_mb1(phys(info));
	else if (magic == MB2_BOOTLOADER_MAGIC)
		parse_mb2(info);
	else
		return -1;
	strip_image_name(bootinfo.cmdline);
	return 0;
}
