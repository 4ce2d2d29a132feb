#include "IntegerRows.h"

#include <sqlite3.h>

int snapread_insert_integers(void *statement, const int64_t *values, int count) {
    sqlite3_stmt *prepared = statement;
    for (int index = 0; index < count; index++) {
        int bound = sqlite3_bind_int64(prepared, index + 1, values[index]);
        if (bound != SQLITE_OK) {
            sqlite3_reset(prepared);
            return bound;
        }
    }
    int stepped = sqlite3_step(prepared);
    sqlite3_reset(prepared);
    return stepped;
}

const char *snapread_error_message(void *connection) {
    return sqlite3_errmsg(connection);
}
