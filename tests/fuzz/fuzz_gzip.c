/*
 * libFuzzer harness: the gzip/DEFLATE decoder on arbitrary input, with a
 * large and a tiny output buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <loader/xz.h>

#define OUT_CAP (4u << 20)

static struct xz_dec dec;
static uint8_t out[OUT_CAP];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t out_len = 0;
	const char *why = NULL;

	gzip_decode_buf(&dec, data, size, out, OUT_CAP, &out_len, &why);
	if (out_len > OUT_CAP || !why)
		abort();
	gzip_decode_buf(&dec, data, size, out, 100, &out_len, &why);
	if (out_len > 100)
		abort();
	return 0;
}
