import Synchronization

/// Counts the reads made through a large read-only mapping and says, once
/// every `every` of them, that its pages should be given back
/// (`MADV_DONTNEED`). A pass that reads a mapped file at random (the link
/// table's resolution reads candidates' text and list fields all over the
/// text store and the character index) otherwise keeps every page it has
/// touched in the process's resident set: at a million articles, 868 MB of
/// text store and 226 MB of character index, most of a cold index's peak.
/// The pages stay in the page cache, so reading them again costs a minor
/// fault, not a disk read.
final class ReleaseCadence: Sendable {
    let every: Int
    private let reads = Atomic<Int>(0)

    init(every: Int) {
        self.every = max(1, every)
    }

    /// Counts one read; true on every `every`th, on the one thread that made
    /// it (which then lets go of the pages).
    func counts() -> Bool {
        reads.wrappingAdd(1, ordering: .relaxed).newValue % every == 0
    }
}
