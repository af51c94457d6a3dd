/*
 * The block-device ring (blkif) as Linux's blkback reads it on x86_64: a
 * shared page with a 64-byte header (request/response producer indices and
 * their event thresholds) and then a power-of-two number of slots, each
 * holding a request or, once answered, its response. Written from the
 * protocol's description for this test; the guest is the only user, so it
 * lives here rather than in include/public.
 */
#ifndef HOSTILE_BLKIF_H
#define HOSTILE_BLKIF_H

#include <stdint.h>
#include <public/grant_table.h>

#define BLKIF_OP_READ 0
#define BLKIF_OP_WRITE 1
#define BLKIF_OP_INDIRECT 6
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_RSP_EOPNOTSUPP (-2)
#define BLKIF_RSP_ERROR (-1)
#define BLKIF_RSP_OKAY 0

/* xenbus states, as xenstore "state" nodes hold them. */
#define XB_INITIALISING 1
#define XB_INITWAIT 2
#define XB_INITIALISED 3
#define XB_CONNECTED 4
#define XB_CLOSING 5
#define XB_CLOSED 6

struct blkif_segment {
	grant_ref_t gref;
	uint8_t first_sect, last_sect; /* 512-byte sectors of the page, 0..7 */
	uint16_t pad;
};

struct blkif_request {
	uint8_t operation;
	uint8_t nr_segments;
	uint16_t handle;
	uint32_t pad;
	uint64_t id;
	uint64_t sector_number;
	struct blkif_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkif_indirect_request {
	uint8_t operation; /* BLKIF_OP_INDIRECT */
	uint8_t indirect_op;
	uint16_t nr_segments;
	uint32_t pad;
	uint64_t id;
	uint64_t sector_number;
	uint16_t handle;
	uint16_t pad2;
	grant_ref_t indirect_grefs[8];
};

struct blkif_response {
	uint64_t id;
	uint8_t operation;
	uint8_t pad;
	int16_t status;
};

union blkif_slot {
	struct blkif_request req;
	struct blkif_indirect_request ind;
	struct blkif_response rsp;
};

#define BLK_RING_SIZE 32 /* (4096 - 64) / 112 rounded down to a power of two */

struct blkif_sring {
	volatile uint32_t req_prod, req_event;
	volatile uint32_t rsp_prod, rsp_event;
	uint8_t pad[48];
	union blkif_slot ring[BLK_RING_SIZE];
};

_Static_assert(sizeof(struct blkif_request) == 112, "blkif request");
_Static_assert(sizeof(struct blkif_indirect_request) == 64, "blkif indirect request");
_Static_assert(sizeof(struct blkif_response) == 16, "blkif response");
_Static_assert(__builtin_offsetof(struct blkif_sring, ring) == 64, "ring header");
_Static_assert(sizeof(struct blkif_sring) <= 4096, "one page");

#endif
