/// What one `index` run did, for the one-line summary of CONTRACT.md.
public struct IndexSummary: Sendable, Equatable {
    public var indexed = 0
    public var unchanged = 0
    public var removed = 0
    /// Every file in the corpus that is not a snapshot, by reason key.
    public var skipped: [String: Int] = [:]
    public var seconds = 0.0
    /// How many files this run stat'ed: every one, or none when the corpus
    /// watcher vouched that nothing changed.
    public var filesExamined = 0
    /// Whether the index differs from the one this `CorpusIndex` saw at its
    /// previous update (true at the first): written by this run or by
    /// another process meanwhile. What a reader reloads its list on.
    public var indexChanged = false

    public init() {}

    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// `indexed 12, unchanged 99988, removed 0, skipped 3 (2 not a snapshot, 1 empty)`.
    public var line: String {
        var text = "indexed \(indexed), unchanged \(unchanged), removed \(removed), skipped \(skippedTotal)"
        if !skipped.isEmpty {
            let reasons = skipped.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.value) \($0.key)" }
            text += " (" + reasons.joined(separator: ", ") + ")"
        }
        return text
    }
}

/// Progress of a running update, reported after each batch.
public struct IndexProgress: Sendable {
    public var done: Int
    public var total: Int
    public var elapsed: Double

    public var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
    public var remainingSeconds: Double? { rate > 0 ? Double(total - done) / rate : nil }
}
