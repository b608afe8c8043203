// CZ3: the Z3 C API plus a few helpers that are awkward or unsafe to write in Swift.
//
// Why a shim at all: Z3's *default* error handler prints "Error: ..." and calls exit(1).
// Every context WardSolver uses is created by cz3_mk_context(), which replaces that handler
// with cz3_error_handler (record, never exit). WardSolver calls cz3_take_error() right after
// every Z3 call and turns a recorded error into a Swift `Z3Error`.
#ifndef CZ3_H
#define CZ3_H

#include <z3.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Creates a reference-counted context (Z3_mk_context_rc) with model generation enabled
/// and cz3_error_handler installed. Returns NULL if Z3 could not create the context.
Z3_context cz3_mk_context(void);

/// Error handler installed on every context: records (context, code, message) in a
/// thread-local slot and returns. It never exits and never longjmps.
void cz3_error_handler(Z3_context c, Z3_error_code e);

/// Forgets any error recorded for `c`, both ours and Z3's own error code. Needed because
/// not every Z3 4.8.12 API resets the code on entry: after a parser error,
/// Z3_get_error_code keeps returning Z3_PARSER_ERROR across later successful parses.
void cz3_clear_error(Z3_context c);

/// The error raised by the most recent Z3 call on `c` made from this thread, or Z3_OK.
/// Looks at the handler's record first (Z3 sometimes invokes the handler without setting
/// the context's error code), then at Z3_get_error_code(c). Clears the record.
/// On error, *message (if message != NULL) points at a thread-local copy of Z3's message,
/// valid until the next cz3_* call on this thread.
Z3_error_code cz3_take_error(Z3_context c, const char **message);

#ifdef __cplusplus
}
#endif

#endif /* CZ3_H */
