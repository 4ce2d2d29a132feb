#ifndef SNAPREAD_PAGE_CHECKSUM_H
#define SNAPREAD_PAGE_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/// The number of bytes at the end of each page that hold its checksum
/// (SQLite's "reserved bytes per page").
#define SNAPREAD_PAGE_CHECKSUM_BYTES 8

/// Makes the page checksum layer SQLite's default file layer, once per
/// process (later calls do nothing). Returns an SQLite result code.
/// Databases whose pages reserve no checksum bytes pass through unchanged.
int snapread_page_checksums_install(void);

/// Asks the connection `connection` (a `sqlite3 *`) to reserve the checksum
/// bytes on each page of its main database. Takes effect only while that
/// database has no pages yet. Returns the reserve asked for before.
int snapread_page_checksums_reserve(void *connection);

/// The checksum of a page of `length` bytes (the last eight excluded), for
/// page number `page` (1 for the first).
uint64_t snapread_page_checksum(const uint8_t *bytes, size_t length, uint32_t page);

/// Empties the main database of `connection` (a `sqlite3 *`) in place,
/// damaged pages and all (SQLite's reset: a VACUUM that copies nothing),
/// keeping its files and its reserved bytes, so that other connections to
/// it, in this process or another, go on with the empty database instead of
/// a removed file. Returns an SQLite result code.
int snapread_reset_database(void *connection);

/// How many page reads found a wrong checksum in this process (for tests).
uint64_t snapread_page_checksum_faults(void);

#endif
