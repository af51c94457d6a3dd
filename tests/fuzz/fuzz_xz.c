/*
 * libFuzzer harness: the whole .xz decoder (container + LZMA2 + BCJ +
 * checks) on arbitrary input, in both the all-streams and the
 * single-stream mode, with a large and a tiny output buffer.
 *
 * Invariant checked (besides ASan/UBSan): the decoder never reports more
 * output or input than the buffers hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <loader/xz.h>

#define OUT_CAP (4u << 20)

static struct xz_dec dec;
static uint8_t out[OUT_CAP];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t out_len = 0, used = 0;
	const char *why = NULL;
	int ret = xz_decode_buf(&dec, data, size, out, OUT_CAP, &out_len, &why);

	if (ret > 0 || out_len > OUT_CAP || !why)
		abort();
	ret = xz_decode(&dec, data, size, out, 64, XZ_SINGLE_STREAM, &used, &out_len, &why);
	if (out_len > 64 || used > size || !why)
		abort();
	return 0;
}
