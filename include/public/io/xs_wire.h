/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The xeno developers
 *
 * XenStore wire protocol: message header, message types, error names, and
 * the shared ring page (start_info.store_mfn).
 *
 * A message is a struct xsd_sockmsg followed by 'len' payload bytes
 * (usually NUL-separated strings).  Errors come back as XS_ERROR with the
 * errno *name* (e.g. "ENOENT") as payload.
 */
#ifndef XENO_PUBLIC_IO_XS_WIRE_H
#define XENO_PUBLIC_IO_XS_WIRE_H

#include "../xeno-types.h"
#include "../errno.h"

/* Message types (xsd_sockmsg.type). */
#define XS_CONTROL 0
#define XS_DEBUG XS_CONTROL
#define XS_DIRECTORY 1
#define XS_READ 2
#define XS_GET_PERMS 3
#define XS_WATCH 4
#define XS_UNWATCH 5
#define XS_TRANSACTION_START 6
#define XS_TRANSACTION_END 7
#define XS_INTRODUCE 8
#define XS_RELEASE 9
#define XS_GET_DOMAIN_PATH 10
#define XS_WRITE 11
#define XS_MKDIR 12
#define XS_RM 13
#define XS_SET_PERMS 14
#define XS_WATCH_EVENT 15
#define XS_ERROR 16
#define XS_IS_DOMAIN_INTRODUCED 17
#define XS_RESUME 18
#define XS_SET_TARGET 19
/* 20 was XS_RESTRICT (removed) */
#define XS_RESET_WATCHES 21
#define XS_DIRECTORY_PART 22
#define XS_GET_FEATURE 23
#define XS_SET_FEATURE 24
#define XS_GET_QUOTA 25
#define XS_SET_QUOTA 26
#define XS_TYPE_COUNT 27  /* number of type values */
#define XS_INVALID 0xffff /* never a valid type */

/* Fields of an XS_WATCH_EVENT payload. */
#define XS_WATCH_PATH 0
#define XS_WATCH_TOKEN 1

/* Ring page. */
#define XENSTORE_RING_SIZE 1024
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

/* Limits. */
#define XENSTORE_PAYLOAD_MAX 4096 /* larger messages break the protocol */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* xenstore_domain_interface.server_features */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* 'connection' is honoured */
#define XENSTORE_SERVER_FEATURE_ERROR 2	       /* 'error' is present */
#define XENSTORE_SERVER_FEATURE_WATCHDEPTH 4   /* XS_WATCH takes a depth */
#define XENSTORE_SERVER_FEATURE_DOMID_ANY 8    /* DOMID_ANY in permissions */

/* xenstore_domain_interface.connection */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* xenstore_domain_interface.error */
#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO 3

/*
 * Error names a server may send in XS_ERROR replies, with their numbers.
 * Expand with a macro taking (NAME, number), e.g. to build a table:
 *     #define E(name, num) { num, #name },
 *     static const struct xsd_errors tab[] = { XSD_ERROR_LIST(E) };
 * The list order is historical; new names are only ever appended.
 */
#define XSD_ERROR_LIST(X)           \
	X(EINVAL, XEN_EINVAL)       \
	X(EACCES, XEN_EACCES)       \
	X(EEXIST, XEN_EEXIST)       \
	X(EISDIR, XEN_EISDIR)       \
	X(ENOENT, XEN_ENOENT)       \
	X(ENOMEM, XEN_ENOMEM)       \
	X(ENOSPC, XEN_ENOSPC)       \
	X(EIO, XEN_EIO)             \
	X(ENOTEMPTY, XEN_ENOTEMPTY) \
	X(ENOSYS, XEN_ENOSYS)       \
	X(EROFS, XEN_EROFS)         \
	X(EBUSY, XEN_EBUSY)         \
	X(EAGAIN, XEN_EAGAIN)       \
	X(EISCONN, XEN_EISCONN)     \
	X(E2BIG, XEN_E2BIG)         \
	X(EPERM, XEN_EPERM)
#define XSD_NR_ERRORS 16

#ifndef __ASSEMBLER__

typedef uint32_t XENSTORE_RING_IDX;

struct xsd_sockmsg {
	uint32_t type;	 /* XS_* */
	uint32_t req_id; /* echoed in the reply */
	uint32_t tx_id;	 /* transaction, 0 = none */
	uint32_t len;	 /* payload bytes that follow */
};

struct xsd_errors {
	int32_t errnum;
	const char *errstring;
};

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* guest -> server */
	char rsp[XENSTORE_RING_SIZE]; /* server -> guest (replies, watches) */
	XENSTORE_RING_IDX req_cons;
	XENSTORE_RING_IDX req_prod;
	XENSTORE_RING_IDX rsp_cons;
	XENSTORE_RING_IDX rsp_prod;
	uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;	  /* XENSTORE_CONNECTED / _RECONNECT */
	uint32_t error;		  /* XENSTORE_ERROR_* */
	uint32_t evtchn_port;	  /* server's port if non-zero */
};

#endif /* !__ASSEMBLER__ */

#endif /* XENO_PUBLIC_IO_XS_WIRE_H */
