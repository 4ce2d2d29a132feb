// Generates Sources/SnapshotFormat/ScriptFoldTable.swift: for every CJK
// character that OpenCC's t2s changes on its own (no phrase around it) into
// one other character, that character. Run after an OpenCC upgrade:
//   cc -O2 -o /tmp/fold-table Benchmarks/Tools/fold-table.c $(pkg-config --cflags --libs opencc)
//   /tmp/fold-table Sources/CorpusGenerator/Vocabulary.swift Demo/corpus/*/*.txt ../shared/samples/*.txt \
//       > Sources/SnapshotFormat/ScriptFoldTable.swift
// The files named are simplified text converted by s2t (by phrase): a
// traditional character that only a phrase makes (瞭 in 了解 → 瞭解) and that
// t2s leaves alone on its own is folded to the character it stood for.
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int encode(unsigned c, char *out) {
    if (c < 0x80) { out[0] = (char)c; return 1; }
    if (c < 0x800) { out[0] = (char)(0xC0 | (c >> 6)); out[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12)); out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F)); return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18)); out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F)); out[3] = (char)(0x80 | (c & 0x3F)); return 4;
}

// The one code point `text` holds, or 0 when it holds none or several.
static unsigned single(const unsigned char *s) {
    size_t n = strlen((const char *)s);
    unsigned c;
    if (n == 1 && s[0] < 0x80) return s[0];
    if (n == 2 && (s[0] & 0xE0) == 0xC0) return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    if (n == 3 && (s[0] & 0xF0) == 0xE0) return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    if (n == 4 && (s[0] & 0xF8) == 0xF0) {
        c = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
        return c;
    }
    return 0;
}

static const unsigned ranges[][2] = {
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x2FFFF},
};

static size_t decode_all(const unsigned char *s, unsigned *out, size_t cap) {
    size_t n = 0;
    while (*s && n < cap) {
        unsigned c = *s;
        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (len == 1) out[n++] = c;
        else if (len == 2) out[n++] = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        else if (len == 3) out[n++] = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        else out[n++] = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
        for (int k = 0; k < len && *s; k++) s++;
    }
    return n;
}

int main(int argc, char **argv) {
    opencc_t od = opencc_open("t2s.json");
    if (od == (opencc_t)-1) { fprintf(stderr, "opencc_open: %s\n", opencc_error()); return 1; }
    static unsigned map[0x30000];
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (unsigned c = ranges[r][0]; c <= ranges[r][1]; c++) {
            char in[5]; int n = encode(c, in); in[n] = 0;
            char *out = opencc_convert_utf8(od, in, (size_t)n);
            if (!out) continue;
            unsigned d = single((const unsigned char *)out);
            opencc_convert_utf8_free(out);
            if (d != 0 && d != c && d < 0x30000) map[c] = d;
        }
    }
    // Characters that only phrases make, from the text given.
    opencc_t s2t = opencc_open("s2t.json");
    if (s2t == (opencc_t)-1) { fprintf(stderr, "opencc_open: %s\n", opencc_error()); return 1; }
    static char line[1 << 16];
    static unsigned a[1 << 16], b[1 << 16];
    int phrases = 0;
    for (int arg = 1; arg < argc; arg++) {
        FILE *file = fopen(argv[arg], "r");
        if (!file) { perror(argv[arg]); continue; }
        while (fgets(line, sizeof line, file)) {
            char *out = opencc_convert_utf8(s2t, line, strlen(line));
            if (!out) continue;
            size_t n = decode_all((const unsigned char *)line, a, 1 << 16);
            size_t m = decode_all((const unsigned char *)out, b, 1 << 16);
            opencc_convert_utf8_free(out);
            if (n != m) continue;
            for (size_t i = 0; i < n; i++) {
                if (b[i] == a[i] || b[i] >= 0x30000 || a[i] >= 0x30000 || map[b[i]]) continue;
                char one[5]; int len = encode(b[i], one); one[len] = 0;
                char *alone = opencc_convert_utf8(od, one, (size_t)len);
                if (!alone) continue;
                if (single((const unsigned char *)alone) == b[i]) { map[b[i]] = a[i]; phrases++; }
                opencc_convert_utf8_free(alone);
            }
        }
        fclose(file);
    }
    opencc_close(s2t);
    fprintf(stderr, "%d characters only phrases make\n", phrases);
    // Follow chains to their end, so that folding twice changes nothing.
    for (unsigned c = 0; c < 0x30000; c++) {
        unsigned d = map[c], steps = 0;
        while (d && map[d] && map[d] != c && steps++ < 8) d = map[d];
        if (d == c) d = 0;
        map[c] = d;
    }
    // Keep only folds that keep the UTF-8 length (all but rare characters
    // outside the BMP): folded text then has the original's byte offsets.
    int count = 0, crossing = 0;
    for (unsigned c = 0; c < 0x30000; c++) {
        if (!map[c]) continue;
        char a[5], b[5];
        if (encode(c, a) != encode(map[c], b)) { map[c] = 0; crossing++; } else count++;
    }
    printf("// Generated by Benchmarks/Tools/fold-table.c from OpenCC's t2s.json, each\n");
    printf("// character converted on its own: %d traditional characters and the one\n", count);
    printf("// simplified character each becomes (only where both have the same UTF-8\n");
    printf("// length), and %d that only phrases make (瞭 in 瞭解), found by s2t of the\n", phrases);
    printf("// text named in the generator. Regenerate after an OpenCC upgrade.\n\n");
    printf("/// The character fold: traditional, simplified, traditional, simplified, ...\n");
    printf("/// sorted by the traditional character; both have the same UTF-8 length.\n");
    printf("enum ScriptFoldTable {\n    static let pairs: [UInt32] = [\n");
    int column = 0;
    for (unsigned c = 0; c < 0x30000; c++) {
        if (!map[c]) continue;
        if (column == 0) printf("       ");
        printf(" 0x%X, 0x%X,", c, map[c]);
        if (++column == 6) { printf("\n"); column = 0; }
    }
    if (column) printf("\n");
    printf("    ]\n}\n");
    fprintf(stderr, "%d entries, %d left out (their UTF-8 length differs)\n", count, crossing);
    opencc_close(od);
    return 0;
}
