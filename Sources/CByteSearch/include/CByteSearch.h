#ifndef SNAPREAD_CBYTESEARCH_H
#define SNAPREAD_CBYTESEARCH_H
#include <stddef.h>

/// glibc's memmem, which Swift's Glibc module hides behind _GNU_SOURCE.
/// Returns the offset of the first match, or -1.
long snapread_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
