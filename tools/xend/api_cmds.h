/*
 * xend's API internals: the command table (cmds.c) and the argument
 * helpers dispatch.c gives it. A helper that fails has written the
 * message into a->err and returns -EINVAL (or the lookup's -errno).
 */
#ifndef TOOLS_XEND_API_CMDS_H
#define TOOLS_XEND_API_CMDS_H

#include "api.h"

struct xend_cmd {
	const char *name;
	int (*fn)(struct xend_api *a, struct json_object *args, struct json_object **result);
};
extern const struct xend_cmd xend_cmds[];
extern const size_t xend_nr_cmds;

/* required: absent is an error; else absent leaves *out untouched and returns 0. */
int xend_arg_str(struct xend_api *a, struct json_object *args, const char *key, bool required,
		 const char **out);
int xend_arg_int(struct xend_api *a, struct json_object *args, const char *key, bool required,
		 long long lo, long long hi, long long *out);
int xend_arg_bool(struct xend_api *a, struct json_object *args, const char *key, bool *out);
/* The domain of args "dom" (list + resolve): its index into a->doms. */
int xend_arg_dom(struct xend_api *a, struct json_object *args);

/* cmds_tune.c */
#define XEND_CMD(name) \
	int xend_cmd_##name(struct xend_api *a, struct json_object *args, struct json_object **res)
XEND_CMD(vcpu_set);
XEND_CMD(mem_set);
XEND_CMD(mem_max);
XEND_CMD(sched_credit);
XEND_CMD(rename);
XEND_CMD(dmesg);
XEND_CMD(stop);
/* cmds_save.c */
XEND_CMD(save);
XEND_CMD(restore);
XEND_CMD(migrate);

/* cmds_vcpu.c */
XEND_CMD(vcpu_list);
XEND_CMD(vcpu_pin);

/* cmds_dev.c */
XEND_CMD(block_attach);
XEND_CMD(block_detach);
XEND_CMD(block_list);
XEND_CMD(network_attach);
XEND_CMD(network_detach);
XEND_CMD(network_list);

#endif /* TOOLS_XEND_API_CMDS_H */
