// How fast the text store's frames decompress, and what lz4 would do with
// the same text: the floor under a search that prints every result. Reads
// stores of either format: zstd frames (magic SRTZ, before index format v8)
// and lz4 frames (SRTL); the lz4 levels re-compress each frame's text.
// Build and run (needs libzstd-dev and liblz4-dev):
//   gcc -O2 -o /tmp/text-decode Benchmarks/Tools/text-decode.c -lzstd -llz4
//   /tmp/text-decode INDEX.sqlite.text [LZ4_LEVEL [FRAMES]]
// LZ4_LEVEL 0 measures zstd only; -1 is LZ4_compress_default, 1-12 lz4hc.
// Times are CPU time of this one thread.
#include <fcntl.h>
#include <lz4.h>
#include <lz4hc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <zstd.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s INDEX.sqlite.text [LZ4_LEVEL [FRAMES]]\n", argv[0]); return 2; }
    int fd = open(argv[1], O_RDONLY);
    struct stat info;
    if (fd < 0 || fstat(fd, &info) != 0) { perror(argv[1]); return 1; }
    const uint8_t *file = mmap(0, info.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (file == MAP_FAILED) { perror("mmap"); return 1; }
    int level = argc > 2 ? atoi(argv[2]) : 0;
    long most = argc > 3 ? atol(argv[3]) : 1L << 40;
    ZSTD_DCtx *context = ZSTD_createDCtx();
    static uint8_t text[1 << 23], packed[1 << 23];
    size_t offset = 0, textBytes = 0, frames = 0, lz4Bytes = 0;
    double zstdSeconds = 0, lz4Seconds = 0, packSeconds = 0;
    // Each frame: "SRTZ" or "SRTL", the compressed length, the text length (u32 LE), then zstd or lz4 bytes.
    while (offset + 12 <= (size_t)info.st_size && frames < most) {
        uint32_t stored, length;
        memcpy(&stored, file + offset + 4, 4);
        memcpy(&length, file + offset + 8, 4);
        if (length > sizeof text) { fprintf(stderr, "frame too large\n"); return 1; }
        double start = cpu_seconds();
        size_t got = memcmp(file + offset, "SRTL", 4) == 0
            ? (size_t)LZ4_decompress_safe((const char *)file + offset + 12, (char *)text, stored, length)
            : ZSTD_decompressDCtx(context, text, length, file + offset + 12, stored);
        zstdSeconds += cpu_seconds() - start;
        if (ZSTD_isError(got) || got != length) { fprintf(stderr, "frame %zu does not decompress\n", frames); return 1; }
        if (level != 0) {
            double packStart = cpu_seconds();
            int size = level < 0 ? LZ4_compress_default((char *)text, (char *)packed, length, sizeof packed)
                                 : LZ4_compress_HC((char *)text, (char *)packed, length, sizeof packed, level);
            packSeconds += cpu_seconds() - packStart;
            lz4Bytes += size;
            start = cpu_seconds();
            int back = LZ4_decompress_safe((char *)packed, (char *)text, size, length);
            lz4Seconds += cpu_seconds() - start;
            if (back != (int)length) { fprintf(stderr, "lz4 round trip failed\n"); return 1; }
        }
        offset += 12 + stored;
        textBytes += length;
        frames++;
    }
    printf("%zu frames, %zu bytes stored, %zu of text (%.2fx); the store decodes in %.3f s (%.0f MB/s)\n",
           frames, offset, textBytes, (double)textBytes / offset, zstdSeconds, textBytes / zstdSeconds / 1e6);
    if (level != 0)
        printf("lz4 level %d: %zu bytes (%.2fx), compresses in %.3f s (%.0f MB/s), decodes in %.3f s (%.0f MB/s)\n",
               level, lz4Bytes, (double)textBytes / lz4Bytes, packSeconds, textBytes / packSeconds / 1e6,
               lz4Seconds, textBytes / lz4Seconds / 1e6);
    ZSTD_freeDCtx(context);
    return 0;
}
