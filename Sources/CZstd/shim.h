#ifndef SNAPREAD_CZSTD_SHIM_H
#define SNAPREAD_CZSTD_SHIM_H

// zstd's one-shot API: ZSTD_compress, ZSTD_decompress, ZSTD_isError,
// ZSTD_compressBound, ZSTD_getFrameContentSize, and the reusable contexts
// (ZSTD_createDCtx, ZSTD_decompressDCtx) that save an allocation per block.
#include <stddef.h>
#include <zstd.h>

#endif
