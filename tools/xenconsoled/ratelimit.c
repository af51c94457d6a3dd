/*
 * The console rate limit (xcons.h): a token bucket of bytes, refilled at
 * rate bytes per second up to a burst of rate bytes (one second's worth).
 * The fraction of a token not yet earned is kept by advancing last_ns
 * only by the time the whole tokens took. Pure: time is the caller's.
 */
#include "xcons.h"

#define NS 1000000000ULL

void xcons_bucket_init(struct xcons_bucket *b, uint32_t rate, uint64_t now_ns)
{
	b->tokens = rate;
	b->last_ns = now_ns;
}

uint64_t xcons_bucket_avail(struct xcons_bucket *b, uint32_t rate, uint64_t now_ns)
{
	uint64_t elapsed = now_ns > b->last_ns ? now_ns - b->last_ns : 0, add;

	if (!rate)
		return UINT64_MAX;
	if (elapsed >= NS) {
		add = rate;
	} else {
		add = elapsed * rate / NS;
	}
	if (b->tokens + add >= rate) {
		b->tokens = rate;
		b->last_ns = now_ns;
	} else if (add) {
		b->tokens += add;
		b->last_ns += add * NS / rate;
	}
	return b->tokens;
}

void xcons_bucket_spend(struct xcons_bucket *b, uint64_t n)
{
	b->tokens = n > b->tokens ? 0 : b->tokens - n;
}

uint64_t xcons_bucket_wait_ns(struct xcons_bucket *b, uint32_t rate, uint64_t now_ns, uint64_t want)
{
	uint64_t have = xcons_bucket_avail(b, rate, now_ns), due;

	if (!rate || have >= want)
		return 0;
	if (want > rate)
		want = rate;
	due = b->last_ns + ((want - have) * NS + rate - 1) / rate;
	return due > now_ns ? due - now_ns : 1;
}
