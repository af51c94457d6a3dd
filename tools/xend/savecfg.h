/*
 * xend: the configuration a save file carries (savecfg.c,
 * docs/save-format.md). Both return malloc'd xl.cfg text or NULL.
 */
#ifndef TOOLS_XEND_SAVECFG_H
#define TOOLS_XEND_SAVECFG_H

#include <stddef.h>

#include <json-c/json.h>

/* xm save: a creation request ({"config", "overrides"}) as one xl.cfg
 * text, name and uuid last. NULL: no memory, or a name/uuid with quotes. */
char *xend_save_text(struct json_object *request, const char *name, const char *uuid);
/* xm restore of an `xl save` file: libxl's JSON config as xl.cfg text
 * (NULL with the reason in err: not libxl's, not PV, unquotable values). */
char *xend_libxl_config(const char *json, char *err, size_t errlen);

#endif /* TOOLS_XEND_SAVECFG_H */
