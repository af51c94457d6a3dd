/*
 * Test harness for xenstored's core: a store, clients that send requests
 * through the framing (xs_conn_input) and read replies and watch events
 * from their queues.
 *
 * h_op() sends one request and returns its reply as text: the value for
 * READ, names joined by ',' for lists, "OK", or the error's name
 * ("ENOENT"). Watch events stay queued for h_event() ("path|token").
 * Every call checks the store's invariants (xs_store_check).
 */
#ifndef XENSTORED_TESTS_HARNESS_H
#define XENSTORED_TESTS_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "xs_internal.h"

struct xs_store *h_store(void);
struct xs_store *h_store_for_test(void); /* the current one */
void h_store_free(void);
struct xs_conn *h_dom0(void);
struct xs_conn *h_domu(uint16_t domid);
/* Payload: the strings (each NUL-terminated); NULL ends the list. */
const char *h_op(struct xs_conn *c, uint32_t type, uint32_t tx, ...);
const char *h_write(struct xs_conn *c, uint32_t tx, const char *path, const char *value);
/* Raw bytes through the framing; returns xs_conn_input's result. */
int h_feed(struct xs_conn *c, const void *buf, size_t len);
/* The next reply (type in *type), as text; NULL if none is queued. */
const char *h_reply(struct xs_conn *c, uint32_t *type, uint32_t *req_id, uint32_t *tx_id);
/* The next queued event "path|token", or NULL. */
const char *h_event(struct xs_conn *c);
void h_drain_events(struct xs_conn *c);
void h_check(void);
/* Nodes the store says domid owns. */
unsigned int store_owned_for_test(uint16_t domid);

#endif
