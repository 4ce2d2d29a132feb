#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include "CSystemSupport.h"

long snapread_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    const void *found = memmem(haystack, haystack_length, needle, needle_length);
    return found ? (long)((const char *)found - (const char *)haystack) : -1;
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
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
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
