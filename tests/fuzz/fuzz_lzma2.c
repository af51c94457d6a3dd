/*
 * libFuzzer harness: the raw LZMA2 decoder and the BCJ filters, without
 * the .xz container (so no CRC stands between the fuzzer and the range
 * decoder). Input: byte 0 = LZMA2 dictionary-size property, byte 1 selects
 * a BCJ filter to run over the output, bytes 2..5 its start offset, the
 * rest is LZMA2 data.
 *
 * Invariants checked: in_pos/out_pos stay within their buffers.
 */
#include <stdint.h>
#include <stdlib.h>
#include "../../lib/loader/xz/xz_private.h"

#define OUT_CAP (1u << 20)

static struct xz_dec dec;
static uint8_t out[OUT_CAP];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u64 bcj[8] = {0,
				   XZ_FILTER_X86,
				   XZ_FILTER_POWERPC,
				   XZ_FILTER_ARM,
				   XZ_FILTER_ARMTHUMB,
				   XZ_FILTER_SPARC,
				   XZ_FILTER_ARM64,
				   0};
	u32 dict;

	if (size < 6 || !xz_lzma2_dict_size(data[0], &dict))
		return 0;
	struct xz_buf b = {data, 6, size, out, 0, OUT_CAP, NULL};
	int ret = xz_lzma2_decode(&xz_state_of(&dec)->u.lzma, &b, dict, size);

	if (b.in_pos > size || b.out_pos > OUT_CAP || (ret && !b.why))
		abort();
	if (bcj[data[1] & 7])
		xz_bcj_decode(bcj[data[1] & 7], xz_get_le32(data + 2), out, b.out_pos);
	return 0;
}
