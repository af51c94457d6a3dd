/*
 * hcfuzz: shared state of the hypercall fuzzer (see main.c for the roles and
 * the self-preservation rules, gen.c for the call generators). Single vCPU,
 * no locking.
 */
#ifndef HCFUZZ_FUZZ_H
#define HCFUZZ_FUZZ_H

#include <guest.h>
#include <guest_mm.h>

#define NR_VICTIMS 48		 /* pages the fuzzer may break, free, remap */
#define ARENA_PAGES 48		 /* argument buffers, rebuilt for every top-level call */
#define TAIL_PAGES 8		 /* its end, before the guard: arrays run into the guard */
#define SANDBOX_SLOT 300	 /* L4 slot of the private sandbox L3/L2/L1 */
#define MAX_MFN_BITS (1UL << 20) /* critical-frame bitmap covers 4 GiB */

/* One hypercall: number and five arguments (a multicall entry too). */
struct call {
	unsigned long nr;
	unsigned long a[5];
};

struct fuzz_state {
	uint64_t rng;
	bool dom0;		  /* privileged: foreign and domctl ops on target */
	unsigned int self_id;	  /* our domid (cmdline self=, default 0) */
	unsigned int target;	  /* a sacrificial domU's domid (0: none) */
	unsigned long max_mfn;	  /* XENMEM_maximum_ram_page */
	unsigned long nr_pages;	  /* our pfns */
	unsigned long victim_pfn; /* first victim: every pfn below is critical */
	uint8_t *victim[NR_VICTIMS];
	uint64_t victim_pte[NR_VICTIMS]; /* machine address of its L1 entry */
	uint64_t *sandbox[3];		 /* L3, L2, L1 of the sandbox */
	uint64_t neighbour_pte[64];	 /* unused entries of our live tables */
	unsigned int nr_neighbours;
	uint8_t *vi_page; /* where register_vcpu_info may move vCPU 0's info */
	unsigned int vi_offset;
	unsigned int depth; /* of the call being generated (multicall nesting) */
	struct vcpu_info *vcpu_info;
	uint8_t *arena, *arena_next;
	uint8_t *guard; /* unmapped page right after the arena */
	bool tail_used;
	bool restore; /* a call may have changed traps/callbacks/debug state */
};
extern struct fuzz_state fz;

/* PRNG (xorshift64*) and pickers: every one is a function of fz.rng only. */
uint64_t rnd(void);
static inline unsigned long rnd_below(unsigned long n)
{
	return n ? rnd() % n : 0;
}
static inline bool chance(unsigned int percent)
{
	return rnd_below(100) < percent;
}
uint64_t pick_word(void);
uint64_t pick_count(void);
unsigned long pick_mfn(bool may_critical);
unsigned long pick_victim_mfn(void);
unsigned long pick_ptr(void);
unsigned long pick_in_ptr(void);
void *array_alloc(unsigned long *n, size_t elem, unsigned long max);
unsigned long pick_va(void);
uint64_t pick_pte_maddr(void);
uint64_t pick_pte_val(void);
unsigned int pick_domid(bool may_self);
unsigned int pick_port(void);
bool mfn_critical(unsigned long mfn);
void *arena_alloc(size_t bytes);
void *noise_buf(size_t bytes);
void mark_critical(unsigned long mfn);

/* The generators (gen.c): fill c with a random call; depth for multicalls. */
void gen_call(struct call *c, unsigned int depth);
long issue(const struct call *c);

#endif
