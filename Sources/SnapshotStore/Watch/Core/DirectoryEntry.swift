#if canImport(Glibc)
import Glibc
#endif

/// Calls `body` with the name of an entry `readdir` gave, read in place. Copying `d_name`
/// (a 256-byte field) reads past the entry when glibc's buffer holds a
/// shorter one at its end, as AddressSanitizer showed: only the bytes up to
/// the name's NUL are the kernel's.
public func withEntryName<R>(_ entry: UnsafeMutablePointer<dirent>, _ body: (UnsafePointer<CChar>) -> R) -> R {
    // 19 on glibc: d_ino, d_off, d_reclen and d_type come before it.
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
    return body(UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
}
