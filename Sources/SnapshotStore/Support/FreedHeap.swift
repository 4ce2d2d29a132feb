import CSystemSupport

/// Gives the pages of memory the steps before it freed back to the system.
///
/// glibc keeps freed memory inside its heaps for the next allocation, and
/// gives back on its own only a free stretch at a heap's very top: what
/// the character index step had freed (its builder, the titles' builder)
/// stayed in the resident set, and the link step's own memory came on top.
/// `malloc_trim` hands every whole free page back (the heap keeps its
/// address space; a later allocation faults fresh pages in).
enum FreedHeap {
    /// Returns free heap pages to the system; true when some were.
    @discardableResult
    static func giveBack() -> Bool {
        snapread_trim_heap() != 0
    }
}
