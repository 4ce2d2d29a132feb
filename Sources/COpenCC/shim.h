#ifndef SNAPREAD_COPENCC_SHIM_H
#define SNAPREAD_COPENCC_SHIM_H

// OpenCC's C API: opencc_open, opencc_convert_utf8, opencc_convert_utf8_free,
// opencc_close. The header pulls in C++ only under __cplusplus.
#include <stddef.h>
#include <opencc/opencc.h>

/// opencc_open's failure value, (opencc_t)-1, which Swift cannot spell.
static inline int snapread_opencc_failed(opencc_t handle) {
    return handle == (opencc_t)-1;
}

#endif
