#ifndef SNAPREAD_CSYSTEMSUPPORT_H
#define SNAPREAD_CSYSTEMSUPPORT_H
#include <stddef.h>
#include <stdint.h>
#include <sys/inotify.h>

/// Where `needle` first occurs in `haystack` (a vector loop on x86-64 with
/// AVX2, glibc's memmem elsewhere). Returns the offset, or -1.
long snapread_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// Advises the kernel to back the whole 2 MB pages inside this range of
/// anonymous memory with huge pages (Linux; nothing elsewhere).
void snapread_prefer_huge_pages(void *start, size_t length);

/// How many bytes at the start of `text` go into a JSON string as they are:
/// the offset of the first control character, quote, backslash, DEL, C1
/// control (C2 80..C2 9F), U+2028 or U+2029 (E2 80 A8, E2 80 A9), or
/// `length`. Other E2 sequences (curly quotes, dashes, ellipses) are plain.
size_t snapread_json_plain_prefix(const uint8_t *text, size_t length);

/// How many bytes at the start of UTF-8 `text` may reach a terminal as they
/// are: the offset of the first C0 control (tab and line feed allowed when
/// `keep_lines`), DEL or C1 control (C2 80..C2 9F), or `length`. The fast
/// check of SnapshotFormat's TerminalText, which defines the set.
size_t snapread_terminal_plain_prefix(const uint8_t *text, size_t length, int keep_lines);

/// In valid UTF-8 `text`, where `characters` characters after `from` end:
/// the offset of the character after them, or of the first line feed, or
/// `length`, whichever comes first.
size_t snapread_snippet_end(const uint8_t *text, size_t length, size_t from, size_t characters);

/// In valid UTF-8 `text`, where the `characters` characters before `hit`
/// begin, or the line holding `hit` begins, whichever is nearer `hit`.
size_t snapread_snippet_start(const uint8_t *text, size_t hit, size_t characters);

/// Gives the calling thread (not the whole process) a nice value, so
/// background work yields to the thread that answers keys.
void snapread_nice_this_thread(int niceness);

/// A listening Unix stream socket in Linux's abstract namespace (no file on
/// disk, gone with the process). Returns the descriptor, or -1 with errno set
/// (EADDRINUSE: another process holds the name).
int snapread_abstract_listen(const char *name);

/// Connects to an abstract-namespace socket, and accepts the peer only when it
/// runs as this user (SO_PEERCRED). Returns the descriptor (non-blocking) or
/// -1 with errno: EPERM for another user's listener, EAGAIN for one that does
/// not accept, ECONNREFUSED when nobody listens.
int snapread_abstract_connect(const char *name);

/// 1 when nobody holds the abstract name (it could be bound, and was let go
/// at once, without listening), 0 when someone holds it, -1 on other errors.
int snapread_abstract_name_is_free(const char *name);

/// 1 when the process at the other end of a connected Unix socket runs as
/// this process's user (SO_PEERCRED), 0 when it does not or cannot be told.
int snapread_peer_is_same_user(int fd);

/// Whether the file system holding `path` reports every change through
/// inotify: local disk and memory file systems, not network ones.
int snapread_filesystem_reports_changes(const char *path);

/// Starts a program with standard input, output and error on /dev/null and
/// no other descriptor of this process (a pipe a caller reads to its end
/// must not stay open in a long-lived child). Returns posix_spawn's result.
int snapread_spawn_detached(const char *path, char *const argv[], char *const envp[], int *pid);

/// Says which characters ncursesw must count two columns wide: the terminal
/// draws them so (East Asian Ambiguous under ambiguous_width = 2). NULL, the
/// default, leaves every width to the C library's wcwidth.
typedef int (*snapread_wide_predicate)(uint32_t character);
void snapread_set_wide_characters(snapread_wide_predicate predicate);

/// wcwidth as ncursesw sees it (the override above included).
int snapread_wcwidth(uint32_t character);

/// Gives the whole free pages of the C heap back to the system
/// (glibc's malloc_trim; nothing elsewhere). Returns 1 when some were.
int snapread_trim_heap(void);

#endif
