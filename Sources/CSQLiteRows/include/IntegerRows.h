#ifndef SNAPREAD_INTEGER_ROWS_H
#define SNAPREAD_INTEGER_ROWS_H

#include <stdint.h>

/// Binds `count` integers to the parameters 1...count of the prepared
/// statement `statement` (a `sqlite3_stmt *`), steps it once and resets it.
/// Returns SQLite's result code of the step (SQLITE_DONE when it went in),
/// or of the first bind that failed. For the passes that write millions of
/// rows of numbers, where binding each value from Swift cost more than the
/// B-tree did.
int snapread_insert_integers(void *statement, const int64_t *values, int count);

/// SQLite's message for the last error of `connection` (a `sqlite3 *`).
const char *snapread_error_message(void *connection);

#endif
