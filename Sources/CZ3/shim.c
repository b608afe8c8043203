// See include/CZ3.h for what this shim is for.
#include "CZ3.h"

#include <stdio.h>
#include <string.h>

// The last error reported to cz3_error_handler on this thread. Z3 calls the handler
// synchronously on the thread that made the failing API call, so a thread-local slot is
// enough (WardSolver additionally serialises all calls on one context with a lock).
static _Thread_local Z3_context cz3_error_context = NULL;
static _Thread_local Z3_error_code cz3_error_code = Z3_OK;
static _Thread_local char cz3_error_message[4096];

static void cz3_record(Z3_context c, Z3_error_code e) {
    // Z3_get_error_msg returns the detailed message of the last exception when there is
    // one (e.g. a sort mismatch or a parser error), else a generic text for the code.
    const char *msg = Z3_get_error_msg(c, e);
    snprintf(cz3_error_message, sizeof cz3_error_message, "%s", msg ? msg : "unknown Z3 error");
    cz3_error_context = c;
    cz3_error_code = e;
}

void cz3_error_handler(Z3_context c, Z3_error_code e) {
    if (e != Z3_OK) cz3_record(c, e);
}

Z3_context cz3_mk_context(void) {
    Z3_config cfg = Z3_mk_config();
    if (cfg == NULL) return NULL;
    Z3_set_param_value(cfg, "model", "true");
    Z3_context c = Z3_mk_context_rc(cfg);
    Z3_del_config(cfg);
    if (c == NULL) return NULL;
    Z3_set_error_handler(c, cz3_error_handler);  // before any call that could fail
    cz3_error_context = NULL;
    cz3_error_code = Z3_OK;
    return c;
}

void cz3_clear_error(Z3_context c) {
    cz3_error_context = NULL;
    cz3_error_code = Z3_OK;
    Z3_set_error(c, Z3_OK);  // sets the code to Z3_OK; does not call the handler
}

Z3_error_code cz3_take_error(Z3_context c, const char **message) {
    Z3_error_code code = Z3_OK;
    if (cz3_error_code != Z3_OK && cz3_error_context == c) {
        code = cz3_error_code;  // message already copied by the handler
    } else {
        code = Z3_get_error_code(c);
        if (code != Z3_OK) cz3_record(c, code);
    }
    cz3_error_context = NULL;
    cz3_error_code = Z3_OK;
    if (message != NULL) *message = (code == Z3_OK) ? NULL : cz3_error_message;
    return code;
}
