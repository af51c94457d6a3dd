/*
 * libFuzzer harness: bzimage_probe() on arbitrary images, then
 * bzimage_decompress() when the announced size is modest.
 *
 * Invariants checked: a successful probe describes a payload inside the
 * image; a successful decompression returns an ELF inside the output
 * buffer (or, uncompressed, inside the image).
 */
#include <stdint.h>
#include <stdlib.h>
#include <loader/bzimage.h>

#define OUT_CAP (8u << 20)

static struct bzimage_work work;
static uint8_t out[OUT_CAP];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bzimage_info bi;
	const uint8_t *elf;
	size_t elf_len;
	const char *why = NULL;

	if (bzimage_probe(data, size, &bi, &why))
		return why ? 0 : (abort(), 0);
	if (bi.payload < data || bi.payload + bi.payload_len > data + size ||
	    bi.stream < bi.payload || bi.stream + bi.stream_len > data + size)
		abort();
	if (bi.uncompressed_size > OUT_CAP)
		return 0;
	if (bzimage_decompress(&bi, out, OUT_CAP, &work, &elf, &elf_len, &why))
		return why ? 0 : (abort(), 0);
	if (elf_len < 64 || (elf != out && elf != bi.stream))
		abort();
	return 0;
}
