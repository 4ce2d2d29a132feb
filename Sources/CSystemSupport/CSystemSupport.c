#define _GNU_SOURCE
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include "CSystemSupport.h"

long snapread_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    const void *found = memmem(haystack, haystack_length, needle, needle_length);
    return found ? (long)((const char *)found - (const char *)haystack) : -1;
}

void snapread_nice_this_thread(int niceness) {
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), niceness);
}
