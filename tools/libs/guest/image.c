/*
 * libxguest: reading a kernel and a ramdisk. A bzImage's payload (XZ or
 * gzip) is decompressed by lib/loader's bzimage code into a buffer of
 * the size its trailer announces; the ELF is then parsed (notes, segments)
 * by lib/loader's libelf. The ramdisk is passed on as it is (Linux unpacks
 * a compressed initramfs itself).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <loader/bzimage.h>

#include "xguest.h"

#define MAX_IMAGE (512ul << 20)

static int read_file(const char *path, uint8_t **out, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;

	if (!f || fstat(fileno(f), &st) || (size_t)st.st_size > MAX_IMAGE) {
		int e = f ? (errno ? errno : EFBIG) : errno;

		snprintf(err, errlen, "%s: %s", path, strerror(e));
		if (f)
			fclose(f);
		return -e;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: cannot read", path);
		free(buf);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	*out = buf;
	*len = (size_t)st.st_size;
	return 0;
}

static int unpack(struct xguest_image *img, const char *path, const uint8_t **elf, size_t *elf_len,
		  char *err, size_t errlen)
{
	struct bzimage_info info;
	struct bzimage_work *work;
	const char *why = NULL;
	int rc;

	if (bzimage_probe(img->file, img->file_len, &info, &why)) {
		snprintf(err, errlen, "%s: %s", path, why);
		return -ENOEXEC;
	}
	if (info.comp != BZIMAGE_COMP_NONE) {
		img->unpacked = malloc(info.uncompressed_size);
		work = malloc(sizeof(*work));
		if (!img->unpacked || !work) {
			free(work);
			snprintf(err, errlen, "%s: no memory to decompress", path);
			return -ENOMEM;
		}
	} else {
		work = NULL;
	}
	rc = bzimage_decompress(&info, img->unpacked, info.uncompressed_size, work, elf, elf_len,
				&why);
	free(work);
	if (rc) {
		snprintf(err, errlen, "%s: %s payload: %s", path, bzimage_comp_name(info.comp),
			 why);
		return -ENOEXEC;
	}
	return 0;
}

int xguest_load(struct xguest_image *img, const char *kernel, const char *ramdisk, char *err,
		size_t errlen)
{
	const uint8_t *elf;
	const char *why = NULL;
	size_t elf_len;
	int rc;

	memset(img, 0, sizeof(*img));
	rc = read_file(kernel, &img->file, &img->file_len, err, errlen);
	if (!rc)
		rc = unpack(img, kernel, &elf, &elf_len, err, errlen);
	if (!rc && elf_parse(&img->elf, elf, elf_len, &why)) {
		snprintf(err, errlen, "%s: %s", kernel, why);
		rc = -ENOEXEC;
	}
	if (!rc && ramdisk)
		rc = read_file(ramdisk, &img->ramdisk, &img->ramdisk_len, err, errlen);
	if (rc)
		xguest_unload(img);
	return rc;
}

void xguest_unload(struct xguest_image *img)
{
	free(img->file);
	free(img->unpacked);
	free(img->ramdisk);
	memset(img, 0, sizeof(*img));
}
