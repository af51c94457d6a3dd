/*
 * hcfuzz: the seeded PRNG and the pickers of structured random values
 * (frames, pointers, virtual addresses, PTE addresses and values, domids,
 * ports, counts). Invariant: no picker returns a critical frame (one of
 * the pfns below fz.victim_pfn: code, data, stack, page tables, the
 * argument arena) where the hypervisor could free it, write through it or
 * map it writable, nor a virtual address of the initial mapping below the
 * victims; pick_pte_val clears RW on any entry naming a critical frame.
 */
#include "fuzz.h"

static uint64_t crit_bitmap[MAX_MFN_BITS / 64];

uint64_t rnd(void)
{
	uint64_t x = fz.rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	fz.rng = x;
	return x * 0x2545f4914f6cdd1dUL;
}

void mark_critical(unsigned long mfn)
{
	if (mfn < MAX_MFN_BITS)
		crit_bitmap[mfn / 64] |= 1UL << (mfn % 64);
}

bool mfn_critical(unsigned long mfn)
{
	return mfn < MAX_MFN_BITS && (crit_bitmap[mfn / 64] >> (mfn % 64)) & 1;
}

static const uint64_t edges[] = {
	0,	    1,	       2,	  3,	     0xff,	0x100,	    0xfff,
	0x1000,	    0x7fff,    0x8000,	  0xffff,    0x10000,	0x7fffffff, 0x80000000,
	0xffffffff, 1UL << 32, 1UL << 40, 1UL << 52, 1UL << 63, ~0UL,	    ~0UL - 1,
	0x7ff0,	    0x7ff1,    0x7ff2,	  0x7ff4,    4096 * 8,	511,	    512,
};

uint64_t pick_count(void)
{
	switch (rnd_below(4)) {
	case 0: return rnd_below(3);
	case 1: return 1 + rnd_below(16);
	case 2: return rnd_below(1100);
	default: return edges[rnd_below(ARRAY_SIZE(edges))];
	}
}

unsigned long pick_victim_mfn(void)
{
	return pfn_to_mfn(fz.victim_pfn + rnd_below(NR_VICTIMS));
}

static unsigned long any_mfn(bool may_critical)
{
	switch (rnd_below(8)) {
	case 0:
	case 1: return pick_victim_mfn();
	case 2: return pfn_to_mfn(fz.victim_pfn + rnd_below(fz.nr_pages - fz.victim_pfn));
	case 3:
		if (may_critical)
			return pfn_to_mfn(rnd_below(fz.victim_pfn));
		return pick_victim_mfn();
	case 4: return edges[rnd_below(ARRAY_SIZE(edges))] + (chance(50) ? fz.max_mfn : 0);
	default: return rnd_below(fz.max_mfn + 2);
	}
}

unsigned long pick_mfn(bool may_critical)
{
	unsigned long mfn = any_mfn(may_critical);

	return !may_critical && mfn_critical(mfn) ? pick_victim_mfn() : mfn;
}

void *arena_alloc(size_t bytes)
{
	uint8_t *end = fz.arena + (ARENA_PAGES - TAIL_PAGES) * 4096UL, *p;

	bytes = (bytes + 7) & ~7UL;
	if (bytes > (ARENA_PAGES - TAIL_PAGES) * 4096UL / 2)
		bytes = (ARENA_PAGES - TAIL_PAGES) * 4096UL / 2;
	if (fz.arena_next + bytes > end)
		fz.arena_next = fz.arena; /* overlap: harmless, only arguments */
	p = fz.arena_next;
	fz.arena_next += bytes;
	return p;
}

/*
 * An input array of *n elements of which at most max are built. When *n is
 * larger, the hypervisor must not read on into stale arena data (arena
 * pointers, small numbers that may be our frames): the one such array of a
 * top-level call ends where the unmapped guard page begins, so the next
 * element faults; any other is cut to what is built.
 */
void *array_alloc(unsigned long *n, size_t elem, unsigned long max)
{
	if (*n <= max)
		return arena_alloc(elem * (*n ? *n : 1));
	if (fz.depth || fz.tail_used) {
		*n = max;
		return arena_alloc(elem * max);
	}
	fz.tail_used = true;
	return fz.guard - elem * max;
}

static unsigned long hv_addr(void)
{
	return 0xffff800000000000UL + (rnd() & 0x7ffffffffffUL);
}

static unsigned long noncanonical(void)
{
	static const unsigned long bad[] = {0x0000800000000000UL, 0xffff7fffffffffffUL,
					    0x8000000000000000UL, 0x00007ffffffff000UL};

	return bad[rnd_below(ARRAY_SIZE(bad))] + rnd_below(0x2000) - 0x1000;
}

/* A pointer to input the hypervisor must not find: never our memory. */
unsigned long pick_in_ptr(void)
{
	switch (rnd_below(6)) {
	case 0: return hv_addr();
	case 1: return noncanonical();
	case 2: return rnd_below(0x10000);
	case 3: return (unsigned long)fz.guard + rnd_below(4096);
	case 4: return 0;
	default: return edges[rnd_below(ARRAY_SIZE(edges))];
	}
}

unsigned long pick_ptr(void)
{
	unsigned long p;

	switch (rnd_below(16)) {
	case 0 ... 4:
		p = (unsigned long)arena_alloc(8 + rnd_below(4096));
		return chance(10) ? p + rnd_below(8) : p;
	case 5:
	case 6: return (unsigned long)fz.victim[rnd_below(NR_VICTIMS)] + rnd_below(4096);
	case 7:
		/* the last bytes of a victim page, so arrays run off its end */
		return (unsigned long)fz.victim[rnd_below(NR_VICTIMS)] + 4096 - rnd_below(64);
	case 8:
	case 9: return hv_addr();
	case 10: return noncanonical();
	case 11: return rnd_below(0x10000);
	case 12: return 0;
	default: return chance(50) ? rnd() : edges[rnd_below(ARRAY_SIZE(edges))];
	}
}

static unsigned long sandbox_va(void)
{
	unsigned long va = 0xffff000000000000UL | (unsigned long)SANDBOX_SLOT << 39;

	return va + (rnd_below(chance(80) ? 512 : 1U << 18) << 12);
}

unsigned long pick_va(void)
{
	unsigned long va;

	switch (rnd_below(10)) {
	case 0 ... 3: va = sandbox_va(); break;
	case 4:
	case 5: va = (unsigned long)fz.victim[rnd_below(NR_VICTIMS)]; break;
	case 6: va = hv_addr(); break;
	case 7: va = noncanonical(); break;
	case 8:
		va = rnd_below(1UL << 30); /* user half, slot 0 */
		break;
	default:
		va = rnd() | 0xffff000000000000UL;
		if (va >= GUEST_VIRT_BASE) /* never the initial mapping */
			va = hv_addr();
	}
	return chance(5) ? va + 1 + rnd_below(4095) : va;
}

uint64_t pick_pte_maddr(void)
{
	uint64_t ma;
	unsigned long mfn;

	switch (rnd_below(10)) {
	case 0 ... 3: ma = entry_maddr(&fz.sandbox[rnd_below(3)][rnd_below(512)]); break;
	case 4:
	case 5: ma = fz.victim_pte[rnd_below(NR_VICTIMS)]; break;
	case 6: ma = fz.nr_neighbours ? fz.neighbour_pte[rnd_below(fz.nr_neighbours)] : 0; break;
	case 7: ma = pick_victim_mfn() << 12 | rnd_below(512) * 8; break;
	default: mfn = pick_mfn(false); ma = mfn << 12 | rnd_below(512) * 8;
	}
	switch (rnd_below(20)) {
	case 0: return ma | MMU_PT_UPDATE_PRESERVE_AD;
	case 1: return pick_mfn(false) << 12 | MMU_MACHPHYS_UPDATE;
	case 2: return ma | 3;
	case 3: return ma | 4; /* unaligned entry */
	default: return ma;
	}
}

uint64_t pick_pte_val(void)
{
	static const uint64_t flag_bits[] = {PTE_P,  PTE_RW,	PTE_US,	   0x8,	  0x10,	 PTE_A,
					     PTE_D,  PTE_PSE,	0x100,	   0x200, 0x400, 0x800,
					     PTE_NX, 1UL << 52, 1UL << 62, 0x1000};
	uint64_t val, flags = 0;
	unsigned long mfn;

	if (chance(3))
		return 0;
	if (chance(5)) {
		val = rnd();
	} else {
		mfn = pick_mfn(true);
		for (unsigned int i = 0; i < ARRAY_SIZE(flag_bits); i++)
			if (chance(i < 2 ? 85 : i == 5 ? 70 : 12))
				flags |= flag_bits[i];
		val = (mfn << 12 & PTE_ADDR) | flags;
	}
	if (mfn_critical((val & PTE_ADDR) >> 12))
		val &= ~PTE_RW; /* never a writable alias of our own memory */
	return val;
}

unsigned int pick_domid(bool may_self)
{
	static const unsigned int ids[] = {DOMID_SELF, 0,      1,      2,      3,      0x7ff1,
					   0x7ff2,     0x7ff3, 0x7ff4, 0x7fef, 0xffff, 0x7ff5};
	unsigned int d;

	d = chance(10) ? rnd_below(0x10000) : ids[rnd_below(ARRAY_SIZE(ids))];
	if (chance(15) && fz.target)
		d = fz.target;
	if (!may_self && (d == DOMID_SELF || d == fz.self_id))
		d = fz.target ? fz.target : 0x7fef;
	return d;
}

unsigned int pick_port(void)
{
	switch (rnd_below(5)) {
	case 0:
	case 1: return rnd_below(9);
	case 2: return rnd_below(1024);
	case 3: return rnd_below(131072);
	default: return (unsigned int)edges[rnd_below(ARRAY_SIZE(edges))];
	}
}

uint64_t pick_word(void)
{
	switch (rnd_below(10)) {
	case 0:
	case 1: return rnd_below(16);
	case 2: return edges[rnd_below(ARRAY_SIZE(edges))];
	case 3: return pick_mfn(false);
	case 4: return pick_domid(false);
	case 5: return pick_port();
	case 6: return 0xffff800000000000UL + rnd_below(1UL << 30) * 8; /* M2P range */
	case 7: return pick_count();
	default: return rnd();
	}
}

/* An arena buffer of `bytes` filled with pick_word()s. */
void *noise_buf(size_t bytes)
{
	uint64_t *p = arena_alloc(bytes);

	for (size_t i = 0; i < (bytes + 7) / 8; i++)
		p[i] = pick_word();
	return p;
}
