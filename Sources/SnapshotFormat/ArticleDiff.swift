/// What changed from one snapshot of a story to another: the title, and the
/// body's paragraphs and headings added, removed and changed, in the order of
/// the text. Image placeholders are left out: their text is the title, so a
/// new title would show up twice; a line that is either side's title is one,
/// since the page kept its images' old captions when only the title changed.
public struct ArticleDiff: Sendable, Equatable {
    /// The title before and after.
    public struct TitleChange: Sendable, Equatable {
        public var from: String
        public var to: String
        /// The characters that changed.
        public var pieces: [TextDiffPiece]
    }

    /// How a block differs.
    public enum Change: String, Sendable {
        case added, removed, changed
    }

    /// One block that differs. `fromIndex` and `toIndex` count the compared
    /// blocks (paragraphs and headings) of each side from 0.
    public struct BlockChange: Sendable, Equatable {
        public var change: Change
        public var kind: BodyBlock.Kind
        public var from: String?
        public var to: String?
        public var fromIndex: Int?
        public var toIndex: Int?
        /// For a changed block, the characters that changed.
        public var pieces: [TextDiffPiece]

        /// The line that names it, as `snapread diff` and the reader's diff
        /// view both print it: `paragraph 3 changed (now 4):`, numbered from 1.
        public var label: String {
            let kind = kind == .heading ? "heading" : "paragraph"
            switch change {
            case .changed: return "\(kind) \((fromIndex ?? 0) + 1) changed (now \((toIndex ?? 0) + 1)):"
            case .removed: return "\(kind) \((fromIndex ?? 0) + 1) removed:"
            case .added: return "\(kind) \((toIndex ?? 0) + 1) added:"
            }
        }
    }

    /// The line that names a title change.
    public static let titleLabel = "title changed:"
    /// What is said when title and text are the same.
    public static let noDifferences = "no differences in title or text"

    /// The source before and after (a repost), when it changed.
    public struct SourceChange: Sendable, Equatable {
        public var from: String?
        public var to: String?
    }

    public var title: TitleChange?
    public var blocks: [BlockChange]
    /// The source, when it changed; compared across scripts, so `新华网`
    /// and `新華網` are one source.
    public var source: SourceChange?
    /// Whether the two hold the same title and text once both are folded to
    /// one script, and differ before: the story in the other script.
    public var scriptOnly: Bool
    /// Whether text the two share is written in two scripts: true for
    /// `scriptOnly`, and for a copy in the other script that was also edited.
    public var inOtherScript: Bool
    /// Whether the corpus groups the two as snapshots of one story; nil when
    /// nobody asked (two files compared outside a corpus).
    public var sameStory: Bool?

    /// Two blocks whose character bigrams overlap at least this much (Dice)
    /// are one block changed rather than one removed and one added.
    public static let changedSimilarity = 0.35

    /// Whether the two sides hold the same title and text.
    public var isEmpty: Bool { title == nil && blocks.isEmpty }

    /// Compares `old` with `new` folded to one script, so that an edited
    /// copy in the other script names only what the editor changed; the
    /// text shown stays in each side's own characters. When folding leaves
    /// nothing to name, the two are the same text in the other script and
    /// the changes are those of the characters (`scriptOnly`). `sameStory`
    /// is whether the corpus's grouping puts them in one group, when the
    /// caller knows.
    public init(from old: Article, to new: Article, sameStory: Bool? = nil) {
        // An image's placeholder is its page's title: the new side's copies
        // of the old title (and the other way round) are placeholders too.
        let titles = [ScriptFold.fold(old.title), ScriptFold.fold(new.title)]
        let a = old.body.filter { $0.kind != .image && !titles.contains(ScriptFold.fold($0.text)) }
        let b = new.body.filter { $0.kind != .image && !titles.contains(ScriptFold.fold($0.text)) }
        let titlesFold = ScriptFold.fold(old.title) == ScriptFold.fold(new.title)
        let folded = ArticleDiff.blockChanges(a, b, acrossScripts: true)
        scriptOnly = titlesFold && folded.changes.isEmpty && (old.title != new.title || folded.scriptDiffers)
        if scriptOnly {
            title = old.title == new.title ? nil
                : TitleChange(from: old.title, to: new.title, pieces: TextDiff.characters(old.title, new.title))
            blocks = ArticleDiff.blockChanges(a, b, acrossScripts: false).changes
        } else {
            title = titlesFold ? nil
                : TitleChange(from: old.title, to: new.title, pieces: TextDiff.acrossScripts(old.title, new.title))
            blocks = folded.changes
        }
        // Edited and in the other script: some text the two share is written
        // in two scripts; a changed title or block counts when only one side
        // of it holds traditional characters.
        let changedPairs = (title.map { [($0.from, $0.to)] } ?? []) + blocks.compactMap { block in
            block.from.flatMap { from in block.to.map { (from, $0) } }
        }
        inOtherScript = scriptOnly || folded.scriptDiffers || (titlesFold && old.title != new.title)
            || changedPairs.contains { ScriptFold.hasTraditional($0.0) != ScriptFold.hasTraditional($0.1) }
        let sourcesFold = old.source.map { ScriptFold.fold($0) } == new.source.map { ScriptFold.fold($0) }
        source = sourcesFold ? nil : SourceChange(from: old.source, to: new.source)
        self.sameStory = sameStory
    }

    /// Whether the corpus keeps them apart while their text differs: two
    /// stories, not two snapshots of one. Equal text is one story whatever
    /// the grouping says (a body too short to group is never grouped).
    public var differentStories: Bool { sameStory == false && !isEmpty && !scriptOnly }

    /// What kind of difference this is, in one line for the head of the
    /// output (the command line's and the reader's diff view alike), or nil
    /// for an edit of one story by its own source.
    public var headline: String? {
        var parts: [String] = []
        if differentStories {
            parts.append("not copies of one story")
        } else if scriptOnly {
            parts.append("the same text in the other script")
        } else if inOtherScript {
            parts.append("edited, in the other script")
        }
        // Two stories' sources differing is no news; a repost's is.
        if let source, !differentStories { parts.append("source: \(source.from ?? "none") → \(source.to ?? "none")") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// Whether to mark the characters that changed inside a title or a
    /// paragraph: not between two stories (their titles share characters by
    /// chance) nor for the same text in two scripts (every other character
    /// would be marked; an edited copy in the other script is compared
    /// folded, so only the edit is marked).
    public var marksCharacters: Bool { !differentStories && !scriptOnly }

    /// Aligns equal blocks by their longest common subsequence (compared
    /// folded to one script when `acrossScripts`); between two aligned
    /// blocks, pairs similar ones as changed, in order. `scriptDiffers`:
    /// whether two aligned blocks are equal only once folded.
    static func blockChanges(_ a: [BodyBlock], _ b: [BodyBlock], acrossScripts: Bool) -> (changes: [BlockChange], scriptDiffers: Bool) {
        func key(_ block: BodyBlock) -> BodyBlock { acrossScripts ? BodyBlock(block.kind, ScriptFold.fold(block.text)) : block }
        let keysA = a.map(key), keysB = b.map(key)
        let n = a.count, m = b.count
        let width = m + 1
        var lengths = [Int32](repeating: 0, count: (n + 1) * width)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * width + j] = keysA[i] == keysB[j]
                    ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var changes: [BlockChange] = []
        var scriptDiffers = false
        var i = 0, j = 0
        var gapA: [Int] = [], gapB: [Int] = []
        func closeGap() {
            changes += gapChanges(a, gapA, b, gapB, acrossScripts: acrossScripts)
            gapA.removeAll()
            gapB.removeAll()
        }
        while i < n || j < m {
            if i < n, j < m, keysA[i] == keysB[j] {
                closeGap()
                if a[i] != b[j] { scriptDiffers = true }
                i += 1; j += 1
            } else if j >= m || (i < n && lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
                gapA.append(i); i += 1
            } else {
                gapB.append(j); j += 1
            }
        }
        closeGap()
        return (changes, scriptDiffers)
    }

    /// The changes of one stretch where no block is equal: similar pairs (in
    /// order, the most similar overall) are changed, the rest removed or added.
    static func gapChanges(_ a: [BodyBlock], _ gapA: [Int], _ b: [BodyBlock], _ gapB: [Int], acrossScripts: Bool) -> [BlockChange] {
        if gapA.isEmpty && gapB.isEmpty { return [] }
        let gramsA = gapA.map { bigrams(a[$0].text) }
        let gramsB = gapB.map { bigrams(b[$0].text) }
        let n = gapA.count, m = gapB.count
        var similarity = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
        for x in 0..<n {
            for y in 0..<m where a[gapA[x]].kind == b[gapB[y]].kind {
                let score = dice(gramsA[x], gramsB[y])
                similarity[x][y] = score >= changedSimilarity ? score : 0
            }
        }
        // best[x][y]: the most total similarity pairing gapA[x...] with gapB[y...] in order.
        var best = [[Double]](repeating: [Double](repeating: 0, count: m + 1), count: n + 1)
        for x in stride(from: n - 1, through: 0, by: -1) {
            for y in stride(from: m - 1, through: 0, by: -1) {
                var value = max(best[x + 1][y], best[x][y + 1])
                if similarity[x][y] > 0 { value = max(value, best[x + 1][y + 1] + similarity[x][y]) }
                best[x][y] = value
            }
        }
        var changes: [BlockChange] = []
        var x = 0, y = 0
        func removed(_ x: Int) -> BlockChange {
            BlockChange(change: .removed, kind: a[gapA[x]].kind, from: a[gapA[x]].text, to: nil, fromIndex: gapA[x], toIndex: nil, pieces: [])
        }
        func added(_ y: Int) -> BlockChange {
            BlockChange(change: .added, kind: b[gapB[y]].kind, from: nil, to: b[gapB[y]].text, fromIndex: nil, toIndex: gapB[y], pieces: [])
        }
        while x < n, y < m {
            if similarity[x][y] > 0, best[x][y] == best[x + 1][y + 1] + similarity[x][y] {
                let old = a[gapA[x]], new = b[gapB[y]]
                changes.append(BlockChange(change: .changed, kind: new.kind, from: old.text, to: new.text,
                                           fromIndex: gapA[x], toIndex: gapB[y],
                                           pieces: acrossScripts ? TextDiff.acrossScripts(old.text, new.text) : TextDiff.characters(old.text, new.text)))
                x += 1; y += 1
            } else if best[x + 1][y] >= best[x][y + 1] {
                changes.append(removed(x)); x += 1
            } else {
                changes.append(added(y)); y += 1
            }
        }
        while x < n { changes.append(removed(x)); x += 1 }
        while y < m { changes.append(added(y)); y += 1 }
        return changes
    }

    /// The set of adjacent scalar pairs of `text`, folded across scripts.
    static func bigrams(_ text: String) -> Set<UInt64> {
        let scalars = text.unicodeScalars.map { UInt64(ScriptFold.fold($0.value)) }
        var grams = Set<UInt64>()
        guard scalars.count > 1 else { return Set(scalars) }
        for index in 1..<scalars.count { grams.insert(scalars[index - 1] << 21 | scalars[index]) }
        return grams
    }

    static func dice(_ x: Set<UInt64>, _ y: Set<UInt64>) -> Double {
        if x.isEmpty && y.isEmpty { return 1 }
        let shared = x.count < y.count ? x.filter(y.contains).count : y.filter(x.contains).count
        return 2 * Double(shared) / Double(x.count + y.count)
    }
}
