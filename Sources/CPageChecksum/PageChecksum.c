// A file layer (VFS shim) under SQLite that keeps a checksum in the last
// eight bytes of every page of a database whose header reserves them, writes
// it with each page and checks it with each page read: a page changed on
// disk (a flipped bit in a row, a page from elsewhere) is then an I/O error
// (SQLITE_IOERR_DATA) instead of another valid-looking value.
//
// Only main database files are looked at, and only when their header says
// eight bytes are reserved per page; every other file (the write-ahead log,
// journals, temporary files, databases without the reserve, such as the
// person's own user.sqlite) goes straight to the layer below. Pages reach
// the database file only through xWrite (SQLite's checkpoint copies them
// from the write-ahead log), so every page on disk carries its checksum.
// The log's frames carry SQLite's own running checksum, which SQLite checks
// whenever it recovers the log; see docs/DECISIONS.md.

#include "CPageChecksum.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <string.h>

enum { layer_unknown = 0, layer_on = 1, layer_off = 2 };

/// One open main database file; the layer below's file follows it.
typedef struct ChecksumFile {
    sqlite3_file base;
    /// Whether this file's pages carry checksums: unknown until its header
    /// has been seen (a new, empty file).
    int mode;
    int pageSize;
    const char *name;
    sqlite3_file *below;
} ChecksumFile;

static sqlite3_vfs checksum_vfs;
static sqlite3_vfs *vfs_below;
static _Atomic uint64_t fault_count;

#define BELOW(file) (((ChecksumFile *)(file))->below)

static inline uint64_t load64(const uint8_t *bytes) {
    uint64_t word;
    memcpy(&word, bytes, 8);
    return word;
}

uint64_t snapread_page_checksum(const uint8_t *bytes, size_t length, uint32_t page) {
    // Four lanes, each a chain of (h ^ word) * odd: every step is a
    // bijection of h, so a change confined to one word always changes its
    // lane's result. The lanes are mixed at the end, with the length and
    // the page number, so that a page copied to another place does not pass.
    const uint64_t odd[4] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull, 0xD6E8FEB86659FD93ull};
    uint64_t lane[4] = {0x243F6A8885A308D3ull ^ page, 0x13198A2E03707344ull ^ length, 0xA4093822299F31D0ull, 0x082EFA98EC4E6C89ull};
    size_t words = (length - SNAPREAD_PAGE_CHECKSUM_BYTES) / 8;
    size_t at = 0;
    for (; at + 4 <= words; at += 4) {
        for (int k = 0; k < 4; k++) lane[k] = (lane[k] ^ load64(bytes + (at + k) * 8)) * odd[k];
    }
    for (; at < words; at++) lane[0] = (lane[0] ^ load64(bytes + at * 8)) * odd[0];
    uint64_t h = (uint64_t)page * odd[1] ^ (uint64_t)length;
    for (int k = 0; k < 4; k++) {
        h ^= lane[k] ^ (lane[k] >> 29);
        h *= odd[(k + 1) & 3];
        h ^= h >> 32;
    }
    return h;
}

uint64_t snapread_page_checksum_faults(void) { return atomic_load(&fault_count); }

/// Learns from a database header whether its pages carry checksums.
static void learn_from_header(ChecksumFile *file, const uint8_t *header) {
    if (memcmp(header, "SQLite format 3", 16) != 0) { file->mode = layer_off; return; }
    int size = (header[16] << 8) | (header[17] << 16);
    if (size < 512 || size > 65536 || (size & (size - 1)) != 0) { file->mode = layer_off; return; }
    file->pageSize = size;
    file->mode = header[20] == SNAPREAD_PAGE_CHECKSUM_BYTES ? layer_on : layer_off;
}

/// Reads the header from the file when it has not been seen yet (another
/// connection may have written it since this one opened an empty file).
static void learn_from_file(ChecksumFile *file) {
    if (file->mode != layer_unknown) return;
    uint8_t header[100];
    if (file->below->pMethods->xRead(file->below, header, sizeof header, 0) == SQLITE_OK) learn_from_header(file, header);
}

static int is_page(const ChecksumFile *file, int amount, sqlite3_int64 offset) {
    return file->mode == layer_on && amount == file->pageSize && offset % file->pageSize == 0;
}

static int checksum_close(sqlite3_file *handle) {
    sqlite3_file *below = BELOW(handle);
    return below->pMethods->xClose(below);
}

static int checksum_read(sqlite3_file *handle, void *buffer, int amount, sqlite3_int64 offset) {
    ChecksumFile *file = (ChecksumFile *)handle;
    int rc = file->below->pMethods->xRead(file->below, buffer, amount, offset);
    if (rc != SQLITE_OK) return rc;
    if (offset == 0 && amount >= 100) learn_from_header(file, buffer);
    else learn_from_file(file);
    if (is_page(file, amount, offset)) {
        const uint8_t *bytes = buffer;
        uint64_t expected = snapread_page_checksum(bytes, (size_t)amount, (uint32_t)(offset / amount) + 1);
        if (load64(bytes + amount - SNAPREAD_PAGE_CHECKSUM_BYTES) != expected) {
            atomic_fetch_add(&fault_count, 1);
            sqlite3_log(SQLITE_IOERR_DATA, "page checksum fault at offset %lld of \"%s\"", offset, file->name);
            return SQLITE_IOERR_DATA;
        }
    }
    return SQLITE_OK;
}

static int checksum_write(sqlite3_file *handle, const void *buffer, int amount, sqlite3_int64 offset) {
    ChecksumFile *file = (ChecksumFile *)handle;
    if (offset == 0 && amount >= 100) learn_from_header(file, buffer);
    else learn_from_file(file);
    if (is_page(file, amount, offset)) {
        // The reserved bytes are ours: SQLite leaves them alone, so the
        // page's buffer may carry its checksum from here on.
        uint8_t *bytes = (uint8_t *)buffer;
        uint64_t sum = snapread_page_checksum(bytes, (size_t)amount, (uint32_t)(offset / amount) + 1);
        memcpy(bytes + amount - SNAPREAD_PAGE_CHECKSUM_BYTES, &sum, 8);
    }
    return file->below->pMethods->xWrite(file->below, buffer, amount, offset);
}

static int checksum_truncate(sqlite3_file *handle, sqlite3_int64 size) { return BELOW(handle)->pMethods->xTruncate(BELOW(handle), size); }
static int checksum_sync(sqlite3_file *handle, int flags) { return BELOW(handle)->pMethods->xSync(BELOW(handle), flags); }
static int checksum_file_size(sqlite3_file *handle, sqlite3_int64 *size) { return BELOW(handle)->pMethods->xFileSize(BELOW(handle), size); }
static int checksum_lock(sqlite3_file *handle, int level) { return BELOW(handle)->pMethods->xLock(BELOW(handle), level); }
static int checksum_unlock(sqlite3_file *handle, int level) { return BELOW(handle)->pMethods->xUnlock(BELOW(handle), level); }
static int checksum_check_reserved(sqlite3_file *handle, int *out) { return BELOW(handle)->pMethods->xCheckReservedLock(BELOW(handle), out); }
static int checksum_sector_size(sqlite3_file *handle) { return BELOW(handle)->pMethods->xSectorSize(BELOW(handle)); }
static int checksum_characteristics(sqlite3_file *handle) { return BELOW(handle)->pMethods->xDeviceCharacteristics(BELOW(handle)); }

static int checksum_file_control(sqlite3_file *handle, int op, void *argument) {
    ChecksumFile *file = (ChecksumFile *)handle;
    if (op == SQLITE_FCNTL_PRAGMA) {
        char **words = argument;
        // A checksummed database keeps its page size: the checksum sits at its end.
        if (file->mode == layer_on && words[1] && words[2] && sqlite3_stricmp(words[1], "page_size") == 0) return SQLITE_OK;
    }
    int rc = file->below->pMethods->xFileControl(file->below, op, argument);
    if (rc == SQLITE_OK && op == SQLITE_FCNTL_VFSNAME) *(char **)argument = sqlite3_mprintf("snapread-checksum/%z", *(char **)argument);
    return rc;
}

static int checksum_shm_map(sqlite3_file *handle, int region, int size, int extend, void volatile **out) {
    return BELOW(handle)->pMethods->xShmMap(BELOW(handle), region, size, extend, out);
}
static int checksum_shm_lock(sqlite3_file *handle, int offset, int count, int flags) {
    return BELOW(handle)->pMethods->xShmLock(BELOW(handle), offset, count, flags);
}
static void checksum_shm_barrier(sqlite3_file *handle) { BELOW(handle)->pMethods->xShmBarrier(BELOW(handle)); }
static int checksum_shm_unmap(sqlite3_file *handle, int delete) { return BELOW(handle)->pMethods->xShmUnmap(BELOW(handle), delete); }

static int checksum_fetch(sqlite3_file *handle, sqlite3_int64 offset, int amount, void **out) {
    // Pages read through a mapping would skip the check: refuse, so SQLite reads them.
    ChecksumFile *file = (ChecksumFile *)handle;
    if (file->mode != layer_off) { *out = 0; return SQLITE_OK; }
    return file->below->pMethods->xFetch(file->below, offset, amount, out);
}
static int checksum_unfetch(sqlite3_file *handle, sqlite3_int64 offset, void *page) {
    return BELOW(handle)->pMethods->xUnfetch(BELOW(handle), offset, page);
}

static const sqlite3_io_methods checksum_methods = {
    3, checksum_close, checksum_read, checksum_write, checksum_truncate, checksum_sync, checksum_file_size,
    checksum_lock, checksum_unlock, checksum_check_reserved, checksum_file_control, checksum_sector_size,
    checksum_characteristics, checksum_shm_map, checksum_shm_lock, checksum_shm_barrier, checksum_shm_unmap,
    checksum_fetch, checksum_unfetch,
};

/// The layer below's file sits after ours, at an 8-byte boundary.
static size_t below_offset(void) { return (sizeof(ChecksumFile) + 7) & ~(size_t)7; }

static int checksum_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *handle, int flags, int *outFlags) {
    (void)vfs;
    if ((flags & SQLITE_OPEN_MAIN_DB) == 0) return vfs_below->xOpen(vfs_below, name, handle, flags, outFlags);
    ChecksumFile *file = (ChecksumFile *)handle;
    memset(file, 0, sizeof *file);
    file->below = (sqlite3_file *)((char *)handle + below_offset());
    file->name = name;
    int rc = vfs_below->xOpen(vfs_below, name, file->below, flags, outFlags);
    handle->pMethods = rc == SQLITE_OK ? &checksum_methods : 0;
    return rc;
}

static int checksum_delete(sqlite3_vfs *vfs, const char *path, int sync) { (void)vfs; return vfs_below->xDelete(vfs_below, path, sync); }
static int checksum_access(sqlite3_vfs *vfs, const char *path, int flags, int *out) { (void)vfs; return vfs_below->xAccess(vfs_below, path, flags, out); }
static int checksum_full_pathname(sqlite3_vfs *vfs, const char *path, int size, char *out) {
    (void)vfs;
    return vfs_below->xFullPathname(vfs_below, path, size, out);
}
static void *checksum_dl_open(sqlite3_vfs *vfs, const char *path) { (void)vfs; return vfs_below->xDlOpen(vfs_below, path); }
static void checksum_dl_error(sqlite3_vfs *vfs, int size, char *out) { (void)vfs; vfs_below->xDlError(vfs_below, size, out); }
static void (*checksum_dl_sym(sqlite3_vfs *vfs, void *library, const char *symbol))(void) {
    (void)vfs;
    return vfs_below->xDlSym(vfs_below, library, symbol);
}
static void checksum_dl_close(sqlite3_vfs *vfs, void *library) { (void)vfs; vfs_below->xDlClose(vfs_below, library); }
static int checksum_randomness(sqlite3_vfs *vfs, int size, char *out) { (void)vfs; return vfs_below->xRandomness(vfs_below, size, out); }
static int checksum_sleep(sqlite3_vfs *vfs, int micros) { (void)vfs; return vfs_below->xSleep(vfs_below, micros); }
static int checksum_current_time(sqlite3_vfs *vfs, double *out) { (void)vfs; return vfs_below->xCurrentTime(vfs_below, out); }
static int checksum_last_error(sqlite3_vfs *vfs, int size, char *out) { (void)vfs; return vfs_below->xGetLastError(vfs_below, size, out); }
static int checksum_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out) { (void)vfs; return vfs_below->xCurrentTimeInt64(vfs_below, out); }
static int checksum_set_system_call(sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr call) {
    (void)vfs;
    return vfs_below->xSetSystemCall(vfs_below, name, call);
}
static sqlite3_syscall_ptr checksum_get_system_call(sqlite3_vfs *vfs, const char *name) { (void)vfs; return vfs_below->xGetSystemCall(vfs_below, name); }
static const char *checksum_next_system_call(sqlite3_vfs *vfs, const char *name) { (void)vfs; return vfs_below->xNextSystemCall(vfs_below, name); }

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_result = SQLITE_ERROR;

static void install(void) {
    if (sqlite3_initialize() != SQLITE_OK) return;
    vfs_below = sqlite3_vfs_find(0);
    if (!vfs_below) return;
    checksum_vfs = (sqlite3_vfs){
        .iVersion = vfs_below->iVersion < 3 ? vfs_below->iVersion : 3,
        .szOsFile = (int)(below_offset() + (size_t)vfs_below->szOsFile),
        .mxPathname = vfs_below->mxPathname,
        .zName = "snapread-checksum",
        .xOpen = checksum_open, .xDelete = checksum_delete, .xAccess = checksum_access,
        .xFullPathname = checksum_full_pathname, .xDlOpen = checksum_dl_open, .xDlError = checksum_dl_error,
        .xDlSym = checksum_dl_sym, .xDlClose = checksum_dl_close, .xRandomness = checksum_randomness,
        .xSleep = checksum_sleep, .xCurrentTime = checksum_current_time, .xGetLastError = checksum_last_error,
        .xCurrentTimeInt64 = checksum_current_time64, .xSetSystemCall = checksum_set_system_call,
        .xGetSystemCall = checksum_get_system_call, .xNextSystemCall = checksum_next_system_call,
    };
    install_result = sqlite3_vfs_register(&checksum_vfs, 1);
}

int snapread_page_checksums_install(void) {
    pthread_once(&install_once, install);
    return install_result;
}

int snapread_page_checksums_reserve(void *connection) {
    int reserve = SNAPREAD_PAGE_CHECKSUM_BYTES;
    sqlite3_file_control((sqlite3 *)connection, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    return reserve;
}

int snapread_reset_database(void *connection) {
    sqlite3 *db = connection;
    int was = 0;
    sqlite3_db_config(db, SQLITE_DBCONFIG_RESET_DATABASE, 1, &was);
    int rc = sqlite3_exec(db, "VACUUM", 0, 0, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_RESET_DATABASE, 0, &was);
    return rc;
}
