/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * PV console ring page (start_info.console.domU.mfn).  Two byte rings with
 * free-running indices; a ring position is index mod ring size.  The guest
 * produces into 'out' and consumes from 'in'; each side notifies the other
 * over the console event channel.
 */
#ifndef XENO_PUBLIC_IO_CONSOLE_H
#define XENO_PUBLIC_IO_CONSOLE_H

#include "../xeno-types.h"

#define XENCONS_IN_SIZE 1024
#define XENCONS_OUT_SIZE 2048

/* xencons_interface.connection (written by the backend). */
#define XENCONSOLE_CONNECTED 0
#define XENCONSOLE_DISCONNECTED 1

#ifndef __ASSEMBLER__

typedef uint32_t XENCONS_RING_IDX;

/* Position of free-running index 'idx' in ring array 'ring'. */
#define MASK_XENCONS_IDX(idx, ring) ((XENCONS_RING_IDX)(idx) & (XENCONS_RING_IDX)(sizeof(ring) - 1))

struct xencons_interface {
	char in[XENCONS_IN_SIZE];   /* backend -> guest */
	char out[XENCONS_OUT_SIZE]; /* guest -> backend */
	XENCONS_RING_IDX in_cons;
	XENCONS_RING_IDX in_prod;
	XENCONS_RING_IDX out_cons;
	XENCONS_RING_IDX out_prod;
	uint8_t connection; /* XENCONSOLE_* */
};

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_IO_CONSOLE_H */
