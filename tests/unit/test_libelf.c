/*
 * libelf: a well-formed PV kernel image built in memory (a PT_LOAD and a
 * PT_NOTE with Xen notes) parses to the right layout; every kind of damage
 * is refused with a reason; random corruption never reads out of bounds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <loader/libelf.h>
#include <public/elfnote.h>
#include <public/features.h>

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define IMG_SIZE 0x3000
static uint8_t img[IMG_SIZE];
static size_t note_len;

static void add_note(uint32_t type, const void *desc, uint32_t len)
{
	uint8_t *p = img + 0x200 + note_len;
	uint32_t namesz = 4;

	memcpy(p, &namesz, 4);
	memcpy(p + 4, &len, 4);
	memcpy(p + 8, &type, 4);
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, desc, len);
	note_len += 16 + ((len + 3) & ~3u);
}

static void add_num(uint32_t type, uint64_t v)
{
	add_note(type, &v, 8);
}

static void build(const char *features)
{
	struct ehdr *eh = (void *)img;
	struct phdr *ph = (void *)(img + sizeof(*eh));

	memset(img, 0, sizeof(img));
	note_len = 0;
	memcpy(eh->ident, "\177ELF\2\1\1", 7);
	eh->type = 2;
	eh->machine = 62;
	eh->entry = 0xffffffff81000010;
	eh->phoff = sizeof(*eh);
	eh->phentsize = sizeof(*ph);
	eh->phnum = 2;
	add_num(XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000);
	add_num(XEN_ELFNOTE_ENTRY, 0xffffffff81000020);
	add_num(XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81001000);
	add_num(XEN_ELFNOTE_MOD_START_PFN, 1);
	add_note(XEN_ELFNOTE_GUEST_OS, "linux", 6);
	add_note(XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
	add_note(XEN_ELFNOTE_FEATURES, features, (uint32_t)strlen(features) + 1);
	ph[0] = (struct phdr){1, 7, 0x1000, 0xffffffff81000000, 0x1000000, 0x2000, 0x5000, 0x1000};
	ph[1] = (struct phdr){4, 4, 0x200, 0, 0, note_len, note_len, 4};
}

static void good_image(void **s)
{
	struct elf_image e;
	const char *why = NULL;

	build("!writable_page_tables|pae_pgdir_above_4gb");
	assert_int_equal(elf_parse(&e, img, sizeof(img), &why), 0);
	assert_int_equal(e.nr_segments, 1);
	assert_int_equal(e.seg[0].vaddr, 0xffffffff81000000);
	assert_int_equal(e.vstart, 0xffffffff81000000);
	assert_int_equal(e.vend, 0xffffffff81005000);
	assert_int_equal(e.entry, 0xffffffff81000020);
	assert_int_equal(e.hypercall_page, 0xffffffff81001000);
	assert_true(e.mod_start_pfn);
	assert_string_equal(e.guest_os, "linux");
	assert_string_equal(e.xen_version, "xen-3.0");
	assert_int_equal(e.features_required, 1u << XENFEAT_writable_page_tables);
	assert_int_equal(e.features_supported, (1u << XENFEAT_writable_page_tables) |
						       (1u << XENFEAT_pae_pgdir_above_4gb));
}

static void features_parsing(void **s)
{
	uint32_t req = 0, named = 0;
	const char *f = "dom0|!pae_pgdir_above_4gb|made_up_feature";

	assert_int_equal(elf_parse_features(f, strlen(f), &req, &named), 0);
	assert_int_equal(req, 1u << XENFEAT_pae_pgdir_above_4gb);
	assert_int_equal(named, (1u << XENFEAT_dom0) | (1u << XENFEAT_pae_pgdir_above_4gb));
	f = "!made_up_feature";
	assert_int_not_equal(elf_parse_features(f, strlen(f), &req, &named), 0);
}

#define EXPECT_REFUSED(msg)                                                     \
	do {                                                                    \
		struct elf_image e;                                             \
		const char *why = NULL;                                         \
		assert_int_not_equal(elf_parse(&e, img, sizeof(img), &why), 0); \
		assert_non_null(why);                                           \
		assert_non_null(strstr(why, msg));                              \
	} while (0)

static void refusals(void **s)
{
	struct ehdr *eh = (void *)img;
	struct phdr *ph = (void *)(img + sizeof(*eh));

	build("");
	img[0] = 'x';
	EXPECT_REFUSED("not an ELF");
	build("");
	eh->machine = 3;
	EXPECT_REFUSED("x86-64");
	build("");
	eh->phnum = 500;
	EXPECT_REFUSED("program header");
	build("");
	ph[0].filesz = 0x10000;
	EXPECT_REFUSED("outside the file");
	build("");
	ph[1].type = 0; /* no notes */
	EXPECT_REFUSED("no Xen ELF notes");
	build("");
	ph[1].filesz = 0x1000000;
	EXPECT_REFUSED("note segment outside");
	build("!warp_drive");
	EXPECT_REFUSED("unknown to xeno");
	build("");
	ph[0].paddr = 0x2000000; /* moves the image away from the entry point */
	EXPECT_REFUSED("entry point outside");
}

static void random_corruption_is_safe(void **s)
{
	srand(7);
	for (int i = 0; i < 20000; i++) {
		struct elf_image e;
		const char *why;

		build("!writable_page_tables");
		for (int n = 0; n < 4; n++)
			img[rand() % 0x400] = (uint8_t)rand();
		elf_parse(&e, img, (size_t)(0x200 + rand() % (IMG_SIZE - 0x200)), &why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_image),
		cmocka_unit_test(features_parsing),
		cmocka_unit_test(refusals),
		cmocka_unit_test(random_corruption_is_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
