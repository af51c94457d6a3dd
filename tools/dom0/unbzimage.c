/*
 * unbzimage BZIMAGE OUT: write the kernel ELF inside an x86 bzImage (its
 * XZ or gzip payload decoded by lib/loader, the decoder xend uses) to OUT.
 * In the dom0 image as /usr/lib/xeno/unbzimage: busybox's unxz has no x86
 * BCJ filter, and the create/destroy cycles of tools/dom0/tests/scale.sh
 * give xl an ELF kernel so that each create is the toolstack's and the
 * hypervisor's work, not four seconds of XZ decoding.
 * Exit 0, or 1 with a one-line reason on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <loader/bzimage.h>

static int fail(const char *path, const char *why)
{
	fprintf(stderr, "unbzimage: %s: %s\n", path, why);
	return 1;
}

static u8 *read_file(const char *path, size_t *len)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;

	if (f && !fstat(fileno(f), &st) && st.st_size > 0) {
		buf = malloc((size_t)st.st_size);
		if (buf && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)st.st_size;
	}
	if (f)
		fclose(f);
	return buf;
}

static int write_file(const char *path, const u8 *p, size_t len)
{
	FILE *f = fopen(path, "wb");
	int bad = !f || fwrite(p, 1, len, f) != len;

	if (f && fclose(f))
		bad = 1;
	return bad ? fail(path, strerror(errno)) : 0;
}

int main(int argc, char **argv)
{
	static struct bzimage_work work;
	struct bzimage_info info;
	const char *why = "cannot decode";
	const u8 *elf;
	size_t len, elf_len;
	u8 *img, *out = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: unbzimage BZIMAGE OUT\n");
		return 2;
	}
	img = read_file(argv[1], &len);
	if (!img)
		return fail(argv[1], "cannot read");
	if (bzimage_probe(img, len, &info, &why))
		return fail(argv[1], why);
	if (info.comp != BZIMAGE_COMP_NONE && !(out = malloc(info.uncompressed_size)))
		return fail(argv[1], "no memory for the kernel");
	if (bzimage_decompress(&info, out, info.uncompressed_size, &work, &elf, &elf_len, &why))
		return fail(argv[1], why);
	return write_file(argv[2], elf, elf_len);
}
