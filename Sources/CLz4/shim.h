#ifndef SNAPREAD_CLZ4_SHIM_H
#define SNAPREAD_CLZ4_SHIM_H

// lz4's block API for the text store's frames: LZ4_compress_HC_extStateHC
// (with a state the store keeps, LZ4_sizeofStateHC bytes), LZ4_compressBound
// and LZ4_decompress_safe, which never reads or writes out of its buffers
// whatever the bytes it is given.
#include <lz4.h>
#include <lz4hc.h>

#endif
