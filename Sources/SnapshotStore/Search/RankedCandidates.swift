import Foundation

/// The candidates of a search with a limit, in the order their results are
/// shown (those with a term in the title first, then as the list is
/// ordered: newest first), made a stretch at a time as verification asks
/// for more.
///
/// Titles are checked walking the list order, a window at a time, only
/// until enough title hits are found: a search for 50 results reads the
/// titles of the first few thousand articles in the list, not of every
/// candidate (928,282 for 社区 at a million, each a read at random in the
/// list fields, was most of what such a search cost and grew with the
/// corpus). Only when there are too few title hits does the first pass walk
/// the whole list; the second then gives the other candidates in list order.
///
/// With the titles' own postings (`TitleIndex`), only candidates that can
/// have a title hit are read at all: when they are few, all of them at
/// once, put in list order by their dates (the order the list is written
/// in), and the walk ends there; when many, in the windows, until each has
/// been seen.
struct RankedCandidates {
    /// Up to this many possible title hits are checked at once, not in windows.
    static let directTitleChecks = 4096

    private let candidates: DocumentBitmap
    private let terms: [SearchQuery.Term]
    private let characters: CharacterIndex
    private let text: TextStore
    private let expected: Int
    /// The candidates found with a term in the title so far.
    private var inTitle: DocumentBitmap
    private var titlePass = true
    /// Where the walk of the list order stands.
    private var rank = 0
    /// How many ranks the title pass checks next (doubling up to 256 K).
    private var window = 4096
    private var given = 0
    private(set) var finished = false
    /// The candidates that can have a title hit (by `TitleIndex`), when known.
    private let possibleTitles: DocumentBitmap?
    /// How many of `possibleTitles` the title pass has yet to see.
    private var possibleLeft = 0

    /// `firstWindow`: how many ranks the first title window checks (small in tests).
    init(candidates: DocumentBitmap, terms: [SearchQuery.Term], characters: CharacterIndex, text: TextStore, firstWindow: Int = 4096,
         titles: TitleIndex? = nil) {
        self.candidates = candidates
        if let titles {
            var possible = titles.possibleTitleHits(terms)
            possible.formIntersection(candidates)
            possibleTitles = possible
            possibleLeft = possible.count
        } else {
            possibleTitles = nil
        }
        window = max(1, firstWindow)
        self.terms = terms
        self.characters = characters
        self.text = text
        expected = candidates.count
        inTitle = DocumentBitmap(capacity: candidates.capacity)
        finished = expected == 0
    }

    /// The next stretch of the order: at least `wanted` candidates while
    /// there are that many left (more when a window of the list held more
    /// title hits); empty once every candidate has been given.
    mutating func next(_ wanted: Int) -> [UInt32] {
        var stretch: [UInt32] = []
        while stretch.count < max(1, wanted), !finished {
            if titlePass { walkTitles(into: &stretch) } else { walkRest(into: &stretch, wanted: max(1, wanted)) }
        }
        given += stretch.count
        return stretch
    }

    /// One window of the list order: its candidates with a term in the title.
    private mutating func walkTitles(into stretch: inout [UInt32]) {
        if let possible = possibleTitles, possibleLeft == 0 || (rank == 0 && possibleLeft <= Self.directTitleChecks && everyLiveIsRanked) {
            // Every possible title hit checked at once (or all seen already): the title pass ends here.
            if possibleLeft > 0 { stretch += Self.inListOrder(titleHits(possible.members.map { UInt32($0) }), characters: characters) }
            for docno in stretch { inTitle.insert(Int(docno)) }
            titlePass = false
            rank = 0
            return
        }
        let (start, candidates) = (rank, self.candidates)
        let possible = possibleTitles
        var seen = 0
        var inWindow: [UInt32] = []
        let end = characters.withRankOrder { ranked -> Int in
            let end = min(ranked.count / 4, start + window)
            for position in start..<end {
                let docno = ranked.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self)
                if let possible {
                    // Only those whose title holds every character of a term.
                    if possible.contains(Int(docno)) { inWindow.append(docno) }
                } else if candidates.contains(Int(docno)) {
                    inWindow.append(docno)
                }
            }
            return end
        }
        seen = inWindow.count
        // Checked in docno order, the order of the list fields in the file
        // (a sweep forward rather than reads at random), given in rank order.
        for docno in titleHits(inWindow.sorted()) { inTitle.insert(Int(docno)) }
        stretch += inWindow.filter { inTitle.contains(Int($0)) }
        rank = end
        window = min(window * 2, 1 << 18)
        if possibleTitles != nil { possibleLeft = max(0, possibleLeft - seen) }
        if rank >= characters.rankedCount || (possibleTitles != nil && possibleLeft == 0) {
            titlePass = false
            rank = 0
        }
    }

    /// Whether the list order holds every live article (it does but in a
    /// damaged file): then the list order is the order of the dates.
    private var everyLiveIsRanked: Bool { characters.rankedCount == characters.live.count }

    /// `docnos` in the order of the list: newest first, then the higher
    /// docno (how `CharacterIndex.write` orders it).
    static func inListOrder(_ docnos: [UInt32], characters: CharacterIndex) -> [UInt32] {
        let dated = docnos.map { ($0, characters.document(Int($0))?.published ?? DocumentEntry.absentPublished) }
        return dated.sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.0 > b.0 }.map(\.0)
    }

    /// Which of `docnos` have a term in the title, in their order: on every
    /// core when there are many.
    private func titleHits(_ docnos: [UInt32]) -> [UInt32] {
        let (terms, characters, text) = (self.terms, self.characters, self.text)
        let stretches = docnos.count < 4096 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let found = ParallelSlots<[UInt32]>(count: stretches, initial: [])
        ParallelLoop.run(iterations: stretches) { stretch in
            let part = docnos[(docnos.count * stretch / stretches)..<(docnos.count * (stretch + 1) / stretches)]
            found.set(stretch, part.filter { CorpusLibrary.hasTitleHit(Int($0), terms: terms, characters: characters, text: text) })
        }
        return Array(found.values.joined())
    }

    /// The candidates without a title hit, in list order, from where the walk stands.
    private mutating func walkRest(into stretch: inout [UInt32], wanted: Int) {
        let (candidates, inTitle, start) = (self.candidates, self.inTitle, rank)
        var taken: [UInt32] = []
        let end = characters.withRankOrder { ranked -> Int in
            var position = start
            while position < ranked.count / 4, stretch.count + taken.count < wanted {
                let docno = ranked.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self)
                if candidates.contains(Int(docno)), !inTitle.contains(Int(docno)) { taken.append(docno) }
                position += 1
            }
            return position
        }
        stretch += taken
        rank = end
        guard rank >= characters.rankedCount else { return }
        finished = true
        if given + stretch.count < expected { stretch += unranked() }
    }

    /// Candidates the list order does not hold (a file whose list lacks a
    /// live article): last, title hits first, then newest first.
    private func unranked() -> [UInt32] {
        var listed = DocumentBitmap(capacity: candidates.capacity)
        characters.withRankOrder { ranked in
            for position in 0..<(ranked.count / 4) { listed.insert(Int(ranked.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self))) }
        }
        let missing = candidates.members.filter { !listed.contains($0) }
        let titled = Set(titleHits(missing.map { UInt32($0) }).map { Int($0) })
        return missing.sorted { a, b in
            if titled.contains(a) != titled.contains(b) { return titled.contains(a) }
            let publishedA = characters.document(a)?.published ?? DocumentEntry.absentPublished
            let publishedB = characters.document(b)?.published ?? DocumentEntry.absentPublished
            return publishedA != publishedB ? publishedA > publishedB : a > b
        }.map { UInt32($0) }
    }
}
