/*
 * The network-device rings (netif) as Linux's netback reads them on x86_64:
 * two shared pages, TX (frontend -> backend: packets to send) and RX
 * (backend -> frontend: buffers to fill), each a 64-byte header (producer
 * indices and event thresholds) and then 256 slots, a request or, once
 * answered, its response. A TX packet is one request per page fragment,
 * chained by NETTXF_more_data, the first request's size being the whole
 * packet's; NETTXF_extra_info puts 8-byte extra slots after it. An RX
 * response's status is the byte count written, or a negative error.
 * Written from the protocol's description for this test; the guest is the
 * only user, so it lives here rather than in include/public.
 */
#ifndef HOSTILE_NETIF_H
#define HOSTILE_NETIF_H

#include <stdint.h>
#include <public/grant_table.h>

#define NETTXF_csum_blank (1U << 0)
#define NETTXF_data_validated (1U << 1)
#define NETTXF_more_data (1U << 2)
#define NETTXF_extra_info (1U << 3)

#define NETIF_RSP_DROPPED (-2)
#define NETIF_RSP_ERROR (-1)
#define NETIF_RSP_OKAY 0
#define NETIF_RSP_NULL 1 /* the answer to an extra-info slot */

struct netif_tx_request {
	grant_ref_t gref;
	uint16_t offset; /* of the data in the granted page */
	uint16_t flags;	 /* NETTXF_* */
	uint16_t id;	 /* echoed in the response */
	uint16_t size;	 /* the whole packet's in the first request */
};

struct netif_tx_response {
	uint16_t id;
	int16_t status; /* NETIF_RSP_* */
};

struct netif_rx_request {
	uint16_t id;
	uint16_t pad;
	grant_ref_t gref; /* a page the backend copies a packet into */
};

struct netif_rx_response {
	uint16_t id;
	uint16_t offset;
	uint16_t flags;
	int16_t status; /* bytes written, or < 0: an error */
};

union netif_tx_slot {
	struct netif_tx_request req;
	struct netif_tx_response rsp;
};

union netif_rx_slot {
	struct netif_rx_request req;
	struct netif_rx_response rsp;
};

/* (4096 - 64) / slot size (12 and 8 bytes) rounded down to a power of two */
#define NET_RING_SIZE 256

struct netif_tx_sring {
	volatile uint32_t req_prod, req_event;
	volatile uint32_t rsp_prod, rsp_event;
	uint8_t pad[48];
	union netif_tx_slot ring[NET_RING_SIZE];
};

struct netif_rx_sring {
	volatile uint32_t req_prod, req_event;
	volatile uint32_t rsp_prod, rsp_event;
	uint8_t pad[48];
	union netif_rx_slot ring[NET_RING_SIZE];
};

_Static_assert(sizeof(struct netif_tx_request) == 12, "netif tx request");
_Static_assert(sizeof(struct netif_tx_response) == 4, "netif tx response");
_Static_assert(sizeof(struct netif_rx_request) == 8, "netif rx request");
_Static_assert(sizeof(struct netif_rx_response) == 8, "netif rx response");
_Static_assert(__builtin_offsetof(struct netif_tx_sring, ring) == 64, "tx ring header");
_Static_assert(__builtin_offsetof(struct netif_rx_sring, ring) == 64, "rx ring header");
_Static_assert(sizeof(struct netif_tx_sring) <= 4096, "one page");
_Static_assert(sizeof(struct netif_rx_sring) <= 4096, "one page");

#endif
