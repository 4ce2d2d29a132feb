#define _GNU_SOURCE
#include <errno.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include "CSystemSupport.h"

/* Substring search that tests two bytes of the needle at 32 (or 16)
 * positions at once and compares the whole needle only where both agree.
 * The two bytes are the needle's second and last: in UTF-8 Chinese the
 * first byte of a character (E4..E9) says little, continuation bytes much. */
#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2")))
static long find_avx2(const uint8_t *haystack, size_t length, const uint8_t *needle, size_t count) {
    const size_t second = 1, last = count - 1, final = length - count;
    const __m256i a = _mm256_set1_epi8((char)needle[second]);
    const __m256i b = _mm256_set1_epi8((char)needle[last]);
    size_t at = 0;
    /* Positions at..at+31 are all <= final, so every load stays inside. */
    for (; at + 31 <= final; at += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(haystack + at + second));
        __m256i y = _mm256_loadu_si256((const __m256i *)(haystack + at + last));
        uint32_t mask = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(x, a), _mm256_cmpeq_epi8(y, b)));
        while (mask) {
            size_t candidate = at + (size_t)__builtin_ctz(mask);
            if (memcmp(haystack + candidate, needle, count) == 0) return (long)candidate;
            mask &= mask - 1;
        }
    }
    for (; at <= final; at++) {
        if (haystack[at + second] == needle[second] && haystack[at + last] == needle[last]
            && memcmp(haystack + at, needle, count) == 0) return (long)at;
    }
    return -1;
}
#endif

/* Bytes a JSON string cannot hold as they are, or that we escape so that
 * JSON printed to a terminal cannot drive it: control characters, the
 * quote, the backslash, DEL, 0xC2 when it starts a C1 control (U+0080 to
 * U+009F: C2 80..C2 9F), and 0xE2 when it starts U+2028 or U+2029
 * (E2 80 A8, E2 80 A9), which break JavaScript string literals. Other
 * E2 sequences (the curly quotes and dashes of Chinese text) are plain. */
static inline int json_special(const uint8_t *text, size_t at, size_t length) {
    uint8_t byte = text[at];
    if (byte == 0xC2) return at + 1 < length && text[at + 1] >= 0x80 && text[at + 1] < 0xA0;
    if (byte == 0xE2) return at + 2 < length && text[at + 1] == 0x80 && (text[at + 2] == 0xA8 || text[at + 2] == 0xA9);
    return byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F;
}

#if defined(__x86_64__)
/* Bit i set where byte i of the 32 at `p` is special (json_special), given
 * the two bytes after them. */
__attribute__((target("avx2")))
static inline uint32_t json_special_mask(const uint8_t *p) {
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i after = _mm256_loadu_si256((const __m256i *)(p + 1));
    __m256i second = _mm256_loadu_si256((const __m256i *)(p + 2));
    __m256i control = _mm256_cmpeq_epi8(_mm256_and_si256(v, _mm256_set1_epi8((char)0xE0)), _mm256_setzero_si256());
    __m256i c1 = _mm256_and_si256(
        _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)0xC2)),
        _mm256_cmpeq_epi8(_mm256_and_si256(after, _mm256_set1_epi8((char)0xE0)), _mm256_set1_epi8((char)0x80)));
    /* E2 80 A8 and E2 80 A9: the third byte with its last bit cleared is A8. */
    __m256i separator = _mm256_and_si256(
        _mm256_and_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)0xE2)), _mm256_cmpeq_epi8(after, _mm256_set1_epi8((char)0x80))),
        _mm256_cmpeq_epi8(_mm256_and_si256(second, _mm256_set1_epi8((char)0xFE)), _mm256_set1_epi8((char)0xA8)));
    __m256i special = _mm256_or_si256(
        _mm256_or_si256(_mm256_or_si256(control, c1), _mm256_or_si256(separator, _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x22)))),
        _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x5C)), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x7F))));
    return (uint32_t)_mm256_movemask_epi8(special);
}

__attribute__((target("avx2")))
static size_t json_plain_prefix_avx2(const uint8_t *text, size_t length) {
    size_t at = 0;
    /* 34 bytes are read: a C2 or E2 near the end of the 32 needs the bytes after it. */
    for (; at + 34 <= length; at += 32) {
        uint32_t mask = json_special_mask(text + at);
        if (mask) return at + (size_t)__builtin_ctz(mask);
    }
    /* The rest (fewer than 34 bytes), padded with spaces: a space after a
     * C2 or E2 makes it plain, as the end of the text does. */
    uint8_t tail[66];
    size_t rest = length - at;
    memset(tail, 0x20, sizeof tail);
    memcpy(tail, text + at, rest);
    for (size_t done = 0; done < rest; done += 32) {
        uint32_t mask = json_special_mask(tail + done);
        if (mask) {
            size_t found = done + (size_t)__builtin_ctz(mask);
            return at + (found < rest ? found : rest);
        }
    }
    return length;
}

/* Bytes that must not reach a terminal as they are (TerminalText in
 * SnapshotFormat is the definition): C0 controls (but tab and line feed
 * when `keep_lines`), DEL, and C2 80..C2 9F, the C1 controls. A C2 with
 * nothing after it is ill-formed and flagged too. */
static inline int terminal_special(const uint8_t *text, size_t at, size_t length, int keep_lines) {
    uint8_t byte = text[at];
    if (byte < 0x20) return !(keep_lines && (byte == 0x09 || byte == 0x0A));
    if (byte == 0x7F) return 1;
    if (byte == 0xC2) return at + 1 >= length || (text[at + 1] >= 0x80 && text[at + 1] < 0xA0);
    return 0;
}

/* Bit i set where byte i of the 32 at `p` (and the byte after them) must
 * not reach a terminal as it is. */
__attribute__((target("avx2")))
static inline uint32_t terminal_special_mask(const uint8_t *p, int keep_lines) {
    const __m256i zero = _mm256_setzero_si256();
    {
        __m256i v = _mm256_loadu_si256((const __m256i *)p);
        __m256i after = _mm256_loadu_si256((const __m256i *)(p + 1));
        __m256i control = _mm256_cmpeq_epi8(_mm256_and_si256(v, _mm256_set1_epi8((char)0xE0)), zero);
        if (keep_lines) {
            __m256i kept = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x09)), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x0A)));
            control = _mm256_andnot_si256(kept, control);
        }
        __m256i c1 = _mm256_and_si256(
            _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)0xC2)),
            _mm256_cmpeq_epi8(_mm256_and_si256(after, _mm256_set1_epi8((char)0xE0)), _mm256_set1_epi8((char)0x80)));
        __m256i special = _mm256_or_si256(_mm256_or_si256(control, c1), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x7F)));
        return (uint32_t)_mm256_movemask_epi8(special);
    }
}

__attribute__((target("avx2")))
static size_t terminal_plain_prefix_avx2(const uint8_t *text, size_t length, int keep_lines) {
    size_t at = 0;
    for (; at + 33 <= length; at += 32) {
        uint32_t mask = terminal_special_mask(text + at, keep_lines);
        if (mask) return at + (size_t)__builtin_ctz(mask);
    }
    /* The rest (most titles and paths are shorter than 33 bytes) in one
     * more step over a copy padded with spaces; a C2 at the very end meets
     * a 0x80 and is flagged, as the byte loop flags it. */
    uint8_t tail[64];
    memset(tail, 0x20, sizeof tail);
    size_t rest = length - at;
    memcpy(tail, text + at, rest);
    tail[rest] = 0x80;
    uint32_t mask = terminal_special_mask(tail, keep_lines);
    mask &= rest >= 32 ? 0xFFFFFFFFu : ((1u << rest) - 1);
    return mask ? at + (size_t)__builtin_ctz(mask) : length;
}

/* Bit i set where byte i of the 32 at `p` starts a character (is not a
 * UTF-8 continuation byte), and where it is a line feed. */
__attribute__((target("avx2")))
static inline void utf8_masks(const uint8_t *p, uint32_t *leads, uint32_t *newlines) {
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i continuation = _mm256_cmpeq_epi8(_mm256_and_si256(v, _mm256_set1_epi8((char)0xC0)), _mm256_set1_epi8((char)0x80));
    *leads = ~(uint32_t)_mm256_movemask_epi8(continuation);
    *newlines = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x0A)));
}

__attribute__((target("avx2")))
static size_t snippet_end_avx2(const uint8_t *text, size_t length, size_t from, size_t characters) {
    size_t at = from;
    while (at + 32 <= length) {
        uint32_t leads, newlines;
        utf8_masks(text + at, &leads, &newlines);
        if (newlines) leads &= (newlines & -newlines) - 1; /* only what comes before the line feed */
        size_t count = (size_t)__builtin_popcount(leads);
        if (count > characters) {
            for (size_t k = 0; k < characters; k++) leads &= leads - 1;
            return at + (size_t)__builtin_ctz(leads);
        }
        if (newlines) return at + (size_t)__builtin_ctz(newlines);
        characters -= count;
        at += 32;
    }
    for (size_t counted = 0; at < length && text[at] != 0x0A; at++) {
        if ((text[at] & 0xC0) != 0x80 && counted++ == characters) return at;
    }
    return at;
}

__attribute__((target("avx2")))
static size_t snippet_start_avx2(const uint8_t *text, size_t hit, size_t characters) {
    if (characters == 0) return hit;
    size_t at = hit;
    while (at >= 32) {
        uint32_t leads, newlines;
        utf8_masks(text + at - 32, &leads, &newlines);
        unsigned last = 0;
        if (newlines) {
            last = 31u - (unsigned)__builtin_clz(newlines);
            leads &= (uint32_t)(~((2ull << last) - 1)); /* only what comes after the line feed */
        }
        size_t count = (size_t)__builtin_popcount(leads);
        if (count >= characters) {
            for (size_t k = 1; k < characters; k++) leads &= ~(1u << (31u - (unsigned)__builtin_clz(leads)));
            return at - 32 + (31u - (unsigned)__builtin_clz(leads));
        }
        if (newlines) return at - 32 + last + 1;
        characters -= count;
        at -= 32;
    }
    while (at > 0) {
        at--;
        if (text[at] == 0x0A) return at + 1;
        if ((text[at] & 0xC0) != 0x80 && --characters == 0) return at;
    }
    return 0;
}
#endif

size_t snapread_json_plain_prefix(const uint8_t *text, size_t length) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) return json_plain_prefix_avx2(text, length);
#endif
    size_t at = 0;
    while (at < length && !json_special(text, at, length)) at++;
    return at;
}

size_t snapread_terminal_plain_prefix(const uint8_t *text, size_t length, int keep_lines) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) return terminal_plain_prefix_avx2(text, length, keep_lines);
#endif
    size_t at = 0;
    while (at < length && !terminal_special(text, at, length, keep_lines)) at++;
    return at;
}

size_t snapread_snippet_end(const uint8_t *text, size_t length, size_t from, size_t characters) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) return snippet_end_avx2(text, length, from, characters);
#endif
    size_t at = from;
    for (size_t counted = 0; at < length && text[at] != 0x0A; at++) {
        if ((text[at] & 0xC0) != 0x80 && counted++ == characters) return at;
    }
    return at;
}

size_t snapread_snippet_start(const uint8_t *text, size_t hit, size_t characters) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) return snippet_start_avx2(text, hit, characters);
#endif
    if (characters == 0) return hit;
    size_t at = hit;
    while (at > 0) {
        at--;
        if (text[at] == 0x0A) return at + 1;
        if ((text[at] & 0xC0) != 0x80 && --characters == 0) return at;
    }
    return 0;
}

long snapread_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
#if defined(__x86_64__)
    if (needle_length >= 2 && needle_length <= haystack_length && __builtin_cpu_supports("avx2"))
        return find_avx2(haystack, haystack_length, needle, needle_length);
#endif
    const void *found = memmem(haystack, haystack_length, needle, needle_length);
    return found ? (long)((const char *)found - (const char *)haystack) : -1;
}

void snapread_prefer_huge_pages(void *start, size_t length) {
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t from = ((uintptr_t)start + huge - 1) & ~(huge - 1);
    uintptr_t to = ((uintptr_t)start + length) & ~(huge - 1);
    if (to > from) madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
    (void)start;
    (void)length;
#endif
}

int snapread_trim_heap(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

void snapread_nice_this_thread(int niceness) {
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), niceness);
}

/* The address of an abstract socket: a leading NUL, then the name. */
static socklen_t abstract_address(const char *name, struct sockaddr_un *address) {
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    size_t length = strlen(name);
    if (length > sizeof address->sun_path - 1) length = sizeof address->sun_path - 1;
    memcpy(address->sun_path + 1, name, length);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length);
}

/* Closes a socket that could not be set up, keeping the errno that says why. */
static int fail_closing(int fd) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int snapread_abstract_listen(const char *name) {
    struct sockaddr_un address;
    socklen_t length = abstract_address(name, &address);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (bind(fd, (struct sockaddr *)&address, length) != 0 || listen(fd, 64) != 0) return fail_closing(fd);
    return fd;
}

int snapread_abstract_connect(const char *name) {
    struct sockaddr_un address;
    socklen_t length = abstract_address(name, &address);
    /* Non-blocking: a listener that never accepts (its queue full) gives
       EAGAIN at once instead of a connect that waits forever. */
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&address, length) != 0) return fail_closing(fd);
    struct ucred peer;
    socklen_t peer_length = sizeof peer;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &peer_length) != 0 || peer.uid != getuid()) {
        errno = EPERM;
        return fail_closing(fd);
    }
    return fd;
}

int snapread_abstract_name_is_free(const char *name) {
    struct sockaddr_un address;
    socklen_t length = abstract_address(name, &address);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int result = bind(fd, (struct sockaddr *)&address, length) == 0 ? 1 : (errno == EADDRINUSE ? 0 : -1);
    close(fd);
    return result;
}

int snapread_peer_is_same_user(int fd) {
    struct ucred peer;
    socklen_t peer_length = sizeof peer;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &peer_length) != 0) return 0;
    return peer.uid == getuid();
}

int snapread_filesystem_reports_changes(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return 0;
    switch ((unsigned long)info.f_type) {
    case 0xEF53UL:      /* ext2, ext3, ext4 */
    case 0x58465342UL:  /* xfs */
    case 0x9123683EUL:  /* btrfs */
    case 0x01021994UL:  /* tmpfs */
    case 0xF2F52010UL:  /* f2fs */
    case 0x2FC12FC1UL:  /* zfs */
    case 0x794C7630UL:  /* overlayfs */
        return 1;
    default:
        return 0;
    }
}

int snapread_spawn_detached(const char *path, char *const argv[], char *const envp[], int *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    pid_t child = 0;
    int result = posix_spawn(&child, path, &actions, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    if (pid) *pid = (int)child;
    return result;
}
