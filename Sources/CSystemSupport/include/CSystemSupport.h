#ifndef SNAPREAD_CSYSTEMSUPPORT_H
#define SNAPREAD_CSYSTEMSUPPORT_H
#include <stddef.h>

/// glibc's memmem, which Swift's Glibc module hides behind _GNU_SOURCE.
/// Returns the offset of the first match, or -1.
long snapread_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// Gives the calling thread (not the whole process) a nice value, so
/// background work yields to the thread that answers keys.
void snapread_nice_this_thread(int niceness);

#endif
