/*
 * Find the \_S5_ sleep package in AML without an interpreter:
 *   NameOp(0x08) "_S5_" PackageOp(0x12) PkgLength NumElements elements...
 * (optionally preceded by a root prefix '\'). Elements are ZeroOp(0x00),
 * OneOp(0x01), BytePrefix(0x0a) n, or a raw small constant.
 */
#include <asm/acpi.h>
#include <xeno/string.h>

static bool read_elem(const u8 **p, const u8 *end, u8 *out)
{
	if (*p >= end)
		return false;
	if (**p == 0x0a) {
		if (*p + 1 >= end)
			return false;
		*out = (*p)[1];
		*p += 2;
		return true;
	}
	*out = **p == 0x01 ? 1 : (**p == 0x00 ? 0 : **p);
	*p += 1;
	return true;
}

static bool parse_package(const u8 *p, const u8 *end, u8 *a, u8 *b)
{
	unsigned int pkglen_bytes;

	if (p >= end || *p != 0x12 || p + 1 >= end)
		return false;
	pkglen_bytes = (p[1] >> 6) + 1;
	p += 1 + pkglen_bytes + 1; /* PackageOp, PkgLength, NumElements */
	return read_elem(&p, end, a) && read_elem(&p, end, b);
}

bool acpi_find_s5(const u8 *aml, size_t len, u8 *typ_a, u8 *typ_b)
{
	const u8 *end = aml + len;

	for (const u8 *p = aml; p + 4 < end; p++) {
		if (memcmp(p, "_S5_", 4))
			continue;
		if (p > aml && (p[-1] == 0x08 || (p[-1] == '\\' && p - 1 > aml && p[-2] == 0x08)) &&
		    parse_package(p + 4, end, typ_a, typ_b))
			return true;
	}
	return false;
}
