/*
 * libxguest internals shared by save.c (the stream) and save_p2m.c (the
 * guest's p2m and shared_info, read before the pages).
 */
#ifndef TOOLS_LIBS_GUEST_SAVE_PRIVATE_H
#define TOOLS_LIBS_GUEST_SAVE_PRIVATE_H

#include "xdelta.h"
#include "xguest.h"
#include "xlive.h"
#include "xstream.h"

#define MFN_LIMIT (1ull << 40)

struct saver {
	struct xcall *c;
	uint16_t domid;
	int fd;
	char *err;
	size_t errlen;
	uint64_t p2m_size, *p2m, nr_leaves, *leaves; /* leaves: mfns, then pfns */
	struct xs_m2p m2p;
	uint8_t shinfo[XS_PAGE];
	uint64_t done, total;
	const struct xguest_progress *progress;
	uint64_t bytes;		    /* written to fd (live.c reports it) */
	uint64_t bad_table;	    /* the pfn of a table xs_pt_canon refused (live.c defers it) */
	struct xguest_save_times t; /* where the time went (live.c's last round) */
	/* While set (prepare_tail), what put* is given is appended here
	 * instead of written; then tail holds the stream's tail until its one
	 * write (write_tail). */
	uint8_t *gather, *tail;
	size_t gather_len, gather_cap, tail_len;
	void *shinfo_map;   /* the domain's shared_info, mapped once (read-only) */
	struct xs_hot *hot; /* xguest_save_delta's copy of the hot set, or NULL */
};

/* save.c: "what: strerror(rc)" into s->err; rc back, negative. */
int save_fail(struct saver *s, int rc, const char *what);

/* save_p2m.c: n frames (mfns) of the domain copied into out. */
int save_read_frames(struct saver *s, const uint64_t *mfns, size_t n, void *out);
/* save_p2m.c: shared_info into s->shinfo (mapped at the first call, kept
 * until save_unmap_shared_info), p2m_size from it, both checked. */
int save_read_shared_info(struct saver *s);
void save_unmap_shared_info(struct saver *s);
/* save_p2m.c: s->p2m, s->leaves (made pfns), s->m2p and s->total from the
 * guest's p2m (after save_read_shared_info). */
int save_read_p2m(struct saver *s);

#endif /* TOOLS_LIBS_GUEST_SAVE_PRIVATE_H */
