// ncursesw measures characters with the C library's wcwidth, which draws East
// Asian Ambiguous characters one column wide. A terminal set up for Chinese
// draws them two wide; when ncurses's idea differs from the terminal's, its
// cursor bookkeeping drifts and every later cell on the row lands one column
// off. This definition of wcwidth, in the executable, comes before the C
// library's for every shared library (ELF symbol interposition, as malloc
// replacements work), so ncurses asks here: two for the characters the
// reader counts two, the C library's answer for the rest.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <wchar.h>
#include "CSystemSupport.h"

static _Atomic(snapread_wide_predicate) wide_override = NULL;

void snapread_set_wide_characters(snapread_wide_predicate predicate) {
    atomic_store(&wide_override, predicate);
}

static int library_wcwidth(wchar_t c) {
    static _Atomic(int (*)(wchar_t)) next = NULL;
    int (*function)(wchar_t) = atomic_load(&next);
    if (function == NULL) {
        function = (int (*)(wchar_t))dlsym(RTLD_NEXT, "wcwidth");
        if (function == NULL) return c < 0x20 ? -1 : 1;
        atomic_store(&next, function);
    }
    return function(c);
}

int wcwidth(wchar_t c) {
    snapread_wide_predicate predicate = atomic_load(&wide_override);
    if (predicate != NULL && c >= 0 && predicate((uint32_t)c)) return 2;
    return library_wcwidth(c);
}

int snapread_wcwidth(uint32_t c) {
    return wcwidth((wchar_t)c);
}
