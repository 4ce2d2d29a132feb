import Foundation
import SnapshotFormat

/// A MinHash signature of an article's body, for finding the other snapshots
/// of its story: one-permutation hashing (each shingle hashed once, the
/// smallest hash kept in each of 64 bins) over 5-character shingles of the
/// body folded to simplified characters. The share of equal bins between two
/// signatures estimates the Jaccard similarity of their shingle sets; with
/// the two shingle counts, it also estimates how much of the shorter body
/// the longer holds. Each paragraph's hash and length come with it: a
/// paragraph that many articles hold (`ParagraphCounts`) is boilerplate,
/// and a pair that agrees mostly on boilerplate is checked on the rest.
public struct CopySignature: Sendable, Equatable {
    public static let binCount = 64
    /// Locality-sensitive hashing: 16 bands of 4 bins; two bodies that agree
    /// on every bin of one band are compared.
    public static let bandCount = 16
    public static let rowsPerBand = 4
    public static let shingleLength = 5
    /// Fewer shingles than this and the body is too short to tell a copy
    /// from a different story that shares a sentence: not grouped.
    public static let minimumShingles = 24
    /// Two bodies are copies of one story at this estimated similarity and
    /// above; the copies kinds planted in the generator measure 0.7 and above,
    /// different stories sharing a boilerplate paragraph below 0.2.
    public static let copyThreshold = 0.5
    /// And the longer body holds at least this share of the shorter one's
    /// shingles (estimated): a copy keeps nearly all of the text, whatever
    /// was added to it or dropped from it. Two short stories under one long
    /// boilerplate paragraph can reach the similarity above by chance, but
    /// each keeps its own text: about half of each is the other's (planted
    /// copies measure 0.87 and above; briefs of 50 to 100 characters under
    /// a 140-character boilerplate, 0.78 at most).
    public static let containmentThreshold = 0.8

    /// The smallest shingle hash of each bin, its low 16 bits (b-bit
    /// MinHash: two bins of different shingles agree by chance once in
    /// 65,536, which moves a similarity by 0.001 on average).
    public var bins: [UInt32]
    /// How many shingles the body has.
    public var shingles: UInt32
    /// The body's paragraphs and headings, in order (at most
    /// `paragraphLimit`): a hash of each one's folded text without
    /// whitespace, and how many characters that is.
    public var paragraphs: [Paragraph]

    public struct Paragraph: Sendable, Equatable, Hashable {
        public var hash: UInt32
        public var length: UInt16
        /// 16-bit hashes of the first and of the last `endLength` of the
        /// characters `hash` is made of (never 0); both 0 for a paragraph of
        /// fewer than twice as many. A story's paragraph with a credit line
        /// or a dateline run into its start keeps its tail, one with a credit
        /// run onto its end its head (`isCopy(of:isBoilerplate:)`).
        public var head: UInt16
        public var tail: UInt16

        public init(hash: UInt32, length: UInt16, head: UInt16 = 0, tail: UInt16 = 0) {
            self.hash = hash
            self.length = length
            self.head = head
            self.tail = tail
        }

        /// The same from its ends' key (`ends`).
        public init(hash: UInt32, length: UInt16, ends: UInt32) {
            self.init(hash: hash, length: length, head: UInt16(truncatingIfNeeded: ends >> 16), tail: UInt16(truncatingIfNeeded: ends))
        }

        /// Its two ends together, one key: a paragraph changed inside keeps
        /// it, so boilerplate whose variants are each held by few is still
        /// known by its ends (`ParagraphCounts.isCommon(_:)`); 0 when it has none.
        public var ends: UInt32 { UInt32(head) << 16 | UInt32(tail) }

        /// Whether the paragraph is long enough to have its ends counted.
        public var hasEnds: Bool { head != 0 }
    }

    /// How many characters each end of a paragraph has (`Paragraph.ends`).
    public static let endLength = 16

    /// A body's paragraphs past this many are not kept (nor counted).
    public static let paragraphLimit = 255

    public init(bins: [UInt32], shingles: UInt32, paragraphs: [Paragraph] = []) {
        self.bins = bins
        self.shingles = shingles
        self.paragraphs = paragraphs
    }

    /// The signature of the body's paragraphs and headings, or nil when the
    /// body is too short. Whitespace is left out.
    public init?(body: [BodyBlock]) {
        // Each code point goes straight into the shingles' rolling hash: no
        // array of the body's code points is made (what `init(folded:)` takes).
        var shingles = ShingleBins()
        var paragraphs: [Paragraph] = []
        let folder = ScriptFold.folder
        for block in body where block.kind != .image {
            var paragraph = ParagraphHash()
            var text = block.text
            // The code points decoded from the string's UTF-8 (valid, as a
            // String's is) in one pass: walking `unicodeScalars` cost twice as much.
            text.withUTF8 { bytes in
                var index = 0
                while index < bytes.count {
                    let lead = UInt32(bytes[index])
                    var value: UInt32
                    if lead < 0x80 {
                        value = lead
                        index += 1
                    } else if lead < 0xE0, index + 1 < bytes.count {
                        value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        index += 2
                    } else if lead < 0xF0, index + 2 < bytes.count {
                        value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                        index += 3
                    } else if index + 3 < bytes.count {
                        value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                        index += 4
                    } else {
                        break
                    }
                    // Spaces (ASCII, no-break, ideographic) and controls: a
                    // re-crawl may differ in them.
                    if value <= 0x20 || value == 0xA0 || value == 0x3000 { continue }
                    let folded = folder.fold(value)
                    shingles.add(folded)
                    paragraph.add(folded)
                }
            }
            shingles.add(0x0A)
            if let kept = paragraph.finish(), paragraphs.count < Self.paragraphLimit { paragraphs.append(kept) }
        }
        guard let (bins, count) = shingles.finish() else { return nil }
        self.bins = bins
        self.shingles = count
        self.paragraphs = paragraphs
    }

    /// The signature of text already folded, as code points.
    /// (`0x0A` ends a paragraph.)
    init?(folded scalars: [UInt32]) {
        var shingles = ShingleBins()
        var paragraphs: [Paragraph] = []
        var paragraph = ParagraphHash()
        for scalar in scalars {
            shingles.add(scalar)
            if scalar == 0x0A {
                if let kept = paragraph.finish(), paragraphs.count < Self.paragraphLimit { paragraphs.append(kept) }
                paragraph = ParagraphHash()
            } else {
                paragraph.add(scalar)
            }
        }
        guard let (bins, count) = shingles.finish() else { return nil }
        self.bins = bins
        self.shingles = count
        self.paragraphs = paragraphs
    }

    /// The share of bins on which both agree: about their Jaccard similarity.
    public func similarity(_ other: CopySignature) -> Double {
        var same = 0
        for index in 0..<CopySignature.binCount where bins[index] == other.bins[index] { same += 1 }
        return Double(same) / Double(CopySignature.binCount)
    }

    /// The share of the shorter body's shingles the other holds, from the
    /// similarity J and the counts: the shared ones are J(|A| + |B|)/(1 + J).
    public func containment(_ other: CopySignature, similarity: Double? = nil) -> Double {
        let similarity = similarity ?? self.similarity(other)
        let shared = similarity * Double(shingles + other.shingles) / (1 + similarity)
        return min(1, shared / Double(max(1, min(shingles, other.shingles))))
    }

    /// Whether the two bodies are copies of one story, by their text alone.
    public func isCopy(of other: CopySignature) -> Bool {
        textSimilarity(other) != nil
    }

    /// The similarity of the two, when their text alone makes them copies.
    private func textSimilarity(_ other: CopySignature) -> Double? {
        let similarity = similarity(other)
        guard similarity >= CopySignature.copyThreshold,
              containment(other, similarity: similarity) >= CopySignature.containmentThreshold else { return nil }
        return similarity
    }

    /// Whether the two bodies are copies of one story, knowing which
    /// paragraphs are boilerplate (`isCommon`: held by many articles of the
    /// corpus). A pair that passes `isCopy(of:)` while either holds a common
    /// paragraph is looked at again on the rest: each body's paragraphs
    /// that are not common (its own text). The paragraphs they share among
    /// those must make at least half of the shorter's own text: briefs
    /// under one boilerplate share none of theirs (nor do briefs under a
    /// variant of it, whose variant is then their own text), a copy nearly
    /// all, an edit all but the rewritten paragraph. A story copied so often
    /// that its paragraphs are common is told by their number and size: two
    /// or more shared, at least `widelyCopied` characters, twelve times the
    /// own text of either. A pair under `isCopy(of:)`'s bar while either
    /// holds boilerplate is one story when its own paragraphs are the same
    /// (four fifths of either's own text): a copy that dropped the notice.
    public func isCopy(of other: CopySignature, isCommon: (UInt32) -> Bool) -> Bool {
        isCopy(of: other, isBoilerplate: { isCommon($0.hash) })
    }

    /// `isCopy(of:isCommon:)` with the whole paragraph to judge: the
    /// index's counts know boilerplate by its ends too
    /// (`ParagraphCounts.isCommon(_:)`), so a notice's variants, each held
    /// by few, are boilerplate when their first and last characters are.
    public func isCopy(of other: CopySignature, isBoilerplate isCommon: (Paragraph) -> Bool) -> Bool {
        let similarity = textSimilarity(other)
        var mine: [UInt32: Bool] = [:]
        var ownMine = 0, commonMine = 0
        // Common text as often as it occurs (a notice printed twice), for
        // what is left of each body's shingles beyond it.
        var commonMineAll = 0, commonTheirsAll = 0
        for paragraph in paragraphs {
            if let common = mine[paragraph.hash] {
                if common { commonMineAll += Int(paragraph.length) + 1 }
                continue
            }
            let common = isCommon(paragraph)
            mine[paragraph.hash] = common
            if common {
                commonMine += Int(paragraph.length) + 1
                commonMineAll += Int(paragraph.length) + 1
            } else {
                ownMine += Int(paragraph.length) + 1
            }
        }
        var seen: [UInt32: Bool] = [:]
        var ownTheirs = 0, commonTheirs = 0
        var ownShared = 0, commonShared = 0, commonSharedParagraphs = 0
        for paragraph in other.paragraphs {
            let length = Int(paragraph.length) + 1
            if let common = seen[paragraph.hash] {
                if common { commonTheirsAll += length }
                continue
            }
            let common = mine[paragraph.hash] ?? isCommon(paragraph)
            seen[paragraph.hash] = common
            if common {
                commonTheirsAll += length
                commonTheirs += length
                if mine[paragraph.hash] != nil {
                    commonShared += length
                    commonSharedParagraphs += 1
                }
            } else {
                ownTheirs += length
                if mine[paragraph.hash] != nil { ownShared += length }
            }
        }
        // A common paragraph with a credit line or a dateline run into its
        // start, or a credit onto its end (a widely copied story's first or
        // last paragraph, as one outlet printed it), has a hash of its own:
        // when the other body holds the common paragraph, this one is that
        // paragraph and a few characters of its own, as if the line break
        // had been kept.
        func takeGlued(_ lengths: [Int], own: inout Int, common: inout Int, commonAll: inout Int) {
            for length in lengths {
                own -= length
                common += length
                commonAll += length
                commonShared += length
                commonSharedParagraphs += 1
            }
        }
        takeGlued(Self.gluedCommonParagraphs(in: paragraphs, kinds: mine, holding: other.paragraphs, judged: seen),
                  own: &ownMine, common: &commonMine, commonAll: &commonMineAll)
        takeGlued(Self.gluedCommonParagraphs(in: other.paragraphs, kinds: seen, holding: paragraphs, judged: mine),
                  own: &ownTheirs, common: &commonTheirs, commonAll: &commonTheirsAll)
        guard commonMine > 0 || commonTheirs > 0 else { return similarity != nil }
        guard let similarity else {
            // The boilerplate one holds and the other does not (a notice
            // dropped by a re-crawl or a repost) can pull the whole text's
            // similarity under the bar: the pair is still one story when its
            // own paragraphs are the same, nearly all of either's.
            let own = min(ownMine, ownTheirs)
            return own >= CopySignature.minimumShingles && 5 * ownShared >= 4 * max(ownMine, ownTheirs)
        }
        // A story copied widely shares several common paragraphs, many
        // times what either keeps of its own (a credit line); briefs under
        // a notice and a disclaimer keep more of their own than a twelfth.
        if commonSharedParagraphs >= 2, commonShared >= CopySignature.widelyCopied,
           commonShared >= 12 * max(ownMine, ownTheirs) { return true }
        let own = min(ownMine, ownTheirs)
        // Nothing of its own on one side: a copy only when the other has
        // nothing either, short of a shingle (boilerplate alone is not a
        // story's copy).
        guard own > 0 else { return max(ownMine, ownTheirs) < CopySignature.shingleLength }
        if 2 * ownShared >= own { return true }
        // Paragraphs that match only nearly (a typo fixed, a paragraph cut
        // in two, a variant character) share no hash: with enough text of
        // their own, the signatures' estimate of the shingles shared beyond
        // the common paragraphs of either decides. Below `ownForEstimate`
        // characters the estimate's spread (64 bins) is too wide to tell a
        // brief from a copy.
        let rest = min(Int(shingles) - commonMineAll, Int(other.shingles) - commonTheirsAll)
        guard rest >= CopySignature.ownForEstimate else { return false }
        let explained = commonMine + commonTheirs - commonShared
        let shared = similarity * Double(shingles + other.shingles) / (1 + similarity) - Double(explained)
        return shared >= 0.6 * Double(rest)
    }

    /// The own paragraphs of one body (`paragraphs`, judged in `kinds`:
    /// hash to whether it is common) that the other does not hold, each of
    /// which holds one of the other's common paragraphs (`theirs`, judged
    /// in `theirKinds`) with at most `gluedLength` characters more at one
    /// end: the same first or last `endLength` characters, the common
    /// paragraph held by this body in no other way. For each, the length
    /// the common paragraph takes (one more for its break); each is taken
    /// once. Only a common paragraph is looked for: two briefs each run
    /// into a notice end alike, and neither is the other's.
    static func gluedCommonParagraphs(in paragraphs: [Paragraph], kinds: [UInt32: Bool],
                                      holding theirs: [Paragraph], judged theirKinds: [UInt32: Bool]) -> [Int] {
        var found: [Int] = []
        var taken = Set<UInt32>()
        var looked = Set<UInt32>()
        for paragraph in paragraphs where paragraph.hasEnds && kinds[paragraph.hash] == false && theirKinds[paragraph.hash] == nil {
            guard looked.insert(paragraph.hash).inserted else { continue }
            let match = theirs.first { held in
                held.hasEnds && theirKinds[held.hash] == true && kinds[held.hash] == nil && !taken.contains(held.hash)
                    && held.length < paragraph.length && Int(paragraph.length - held.length) <= gluedLength
                    && (held.tail == paragraph.tail || held.head == paragraph.head)
            }
            guard let match else { continue }
            taken.insert(match.hash)
            found.append(Int(match.length) + 1)
        }
        return found
    }

    /// The most characters a credit line or dateline run into a common
    /// paragraph adds to it (`gluedCommonParagraphs`).
    public static let gluedLength = 60

    /// The least common text two bodies share for `isCopy(of:isCommon:)`
    /// to take them for a story copied widely (its paragraphs common).
    public static let widelyCopied = 200

    /// How many characters of its own a body needs for the estimate of
    /// `isCopy(of:isCommon:)` (its spread is then some 0.1 of them).
    public static let ownForEstimate = 150

    /// One key per band (the band's number mixed in), for the band table.
    public var bandKeys: [Int64] {
        (0..<CopySignature.bandCount).map { band in
            var hash = UInt64(band) &* 0xA076_1D64_78BD_642F
            for row in 0..<CopySignature.rowsPerBand {
                hash = CopySignature.mix(hash ^ UInt64(bins[band * CopySignature.rowsPerBand + row]))
            }
            // 32 bits: SQLite keeps each in 4 bytes, not 8 (16 million rows
            // at a million articles). Two bands that meet by chance (some
            // 30,000 pairs among 16 million keys) are only compared, and
            // fail the comparison.
            return Int64(Int32(truncatingIfNeeded: hash >> 32))
        }
    }

    /// As stored in the index, little-endian: the bins (2 bytes each), the
    /// shingle count (4), then each paragraph's hash (4), length (2), head
    /// (2) and tail (2).
    public var blob: Data {
        let size = CopySignature.binCount * 2 + 4 + paragraphs.count * Self.paragraphBytes
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { raw in
            for (index, bin) in bins.prefix(CopySignature.binCount).enumerated() {
                raw.storeBytes(of: UInt16(truncatingIfNeeded: bin).littleEndian, toByteOffset: index * 2, as: UInt16.self)
            }
            raw.storeBytes(of: shingles.littleEndian, toByteOffset: CopySignature.binCount * 2, as: UInt32.self)
            var offset = CopySignature.binCount * 2 + 4
            for paragraph in paragraphs {
                raw.storeBytes(of: paragraph.hash.littleEndian, toByteOffset: offset, as: UInt32.self)
                raw.storeBytes(of: paragraph.length.littleEndian, toByteOffset: offset + 4, as: UInt16.self)
                raw.storeBytes(of: paragraph.head.littleEndian, toByteOffset: offset + 6, as: UInt16.self)
                raw.storeBytes(of: paragraph.tail.littleEndian, toByteOffset: offset + 8, as: UInt16.self)
                offset += Self.paragraphBytes
            }
        }
        return Data(bytes)
    }

    /// A stored signature; nil when the blob has a size no signature has.
    public init?(blob: Data) {
        let head = CopySignature.binCount * 2 + 4
        let each = CopySignature.paragraphBytes
        guard blob.count >= head, (blob.count - head) % each == 0, (blob.count - head) / each <= CopySignature.paragraphLimit else { return nil }
        (bins, shingles, paragraphs) = blob.withUnsafeBytes { raw in
            func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T { T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self)) }
            let bins = (0..<CopySignature.binCount).map { UInt32(load($0 * 2, UInt16.self)) }
            let paragraphs = stride(from: head, to: raw.count, by: each).map {
                Paragraph(hash: load($0, UInt32.self), length: load($0 + 4, UInt16.self), head: load($0 + 6, UInt16.self), tail: load($0 + 8, UInt16.self))
            }
            return (bins, load(CopySignature.binCount * 2, UInt32.self), paragraphs)
        }
    }

    /// The bytes of one paragraph in `blob`.
    static let paragraphBytes = 10

    /// SplitMix64's finalizer: spreads every input bit over the output.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One-permutation MinHash over the k-shingles of a stream of code points:
/// a rolling polynomial hash of the last k, mixed, its smallest value kept
/// in each of the 64 bins its top bits choose; then the empty bins densified.
/// Fed one code point at a time (the last k wait in a ring).
private struct ShingleBins {
    static let base: UInt64 = 0x100_0000_01B3
    static let power: UInt64 = {
        var power: UInt64 = 1
        for _ in 0..<CopySignature.shingleLength { power = power &* base }
        return power
    }()
    /// The 64 bins in 32 words, read and written through a pointer: an
    /// array asked whether it is shared at every shingle.
    private var bins: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (.max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max, .max)
    /// One bit a bin: whether a shingle fell in it.
    private var filled: UInt64 = 0
    private var ring: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0)
    private var rolling: UInt64 = 0
    private var count = 0
    /// Where in the ring the next code point goes (`count` modulo k).
    private var slot = 0
    private let power = ShingleBins.power

    @inline(__always)
    mutating func add(_ scalar: UInt32) {
        let k = CopySignature.shingleLength
        rolling = rolling &* Self.base &+ UInt64(scalar) &+ 1
        let at = slot * 4
        let leaving = withUnsafeMutableBytes(of: &ring) { ring -> UInt32 in
            let leaving = ring.load(fromByteOffset: at, as: UInt32.self)
            ring.storeBytes(of: scalar, toByteOffset: at, as: UInt32.self)
            return leaving
        }
        if count >= k { rolling = rolling &- (UInt64(leaving) &+ 1) &* power }
        slot = slot == k - 1 ? 0 : slot + 1
        count += 1
        guard count >= k else { return }
        let hash = CopySignature.mix(rolling)
        let bin = Int(hash >> 58)
        let value = UInt32(truncatingIfNeeded: hash)
        withUnsafeMutableBytes(of: &bins) { bins in
            if value < bins.load(fromByteOffset: bin * 4, as: UInt32.self) { bins.storeBytes(of: value, toByteOffset: bin * 4, as: UInt32.self) }
        }
        filled |= 1 << UInt64(bin)
    }

    /// The bins and the shingle count, or nil when there were too few shingles.
    func finish() -> ([UInt32], UInt32)? {
        let shingles = count - CopySignature.shingleLength + 1
        guard shingles >= CopySignature.minimumShingles else { return nil }
        var bins = withUnsafeBytes(of: self.bins) { raw in (0..<CopySignature.binCount).map { raw.load(fromByteOffset: $0 * 4, as: UInt32.self) } }
        func isFilled(_ bin: Int) -> Bool { filled & (1 << UInt64(bin)) != 0 }
        // Densification: an empty bin borrows the next filled bin's value,
        // shifted by the distance, so two bodies agree on it only when they
        // agree on the bin it borrowed from.
        for bin in 0..<CopySignature.binCount where !isFilled(bin) {
            var step = 1
            while !isFilled((bin + step) % CopySignature.binCount) { step += 1 }
            bins[bin] = bins[(bin + step) % CopySignature.binCount] &+ UInt32(step) &* 0x9E37_79B9
        }
        // 16 bits of each are kept (what the index stores).
        return (bins.map { $0 & 0xFFFF }, UInt32(clamping: shingles))
    }
}

/// The hash of one paragraph's folded code points (FNV-1a over them, then
/// mixed; punctuation left out, so that a comma of either width or a last
/// full stop changed gives the same hash) and how many there were; nil for
/// a paragraph of none.
private struct ParagraphHash {
    private var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    private var count = 0
    /// The hash of the first `endLength` characters hashed, once there are as many.
    private var head: UInt64 = 0
    /// How many characters were hashed, and the last `endLength` of them (a ring).
    private var hashed = 0
    /// Sixteen code points in eight words, written through a pointer (a
    /// vector's lane store cost more, once a character).
    private var last: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    @inline(__always)
    mutating func add(_ scalar: UInt32) {
        count += 1
        guard !Self.isPunctuation(scalar) else { return }
        hash = (hash ^ UInt64(scalar)) &* 0x100_0000_01B3
        let slot = hashed % CopySignature.endLength
        withUnsafeMutableBytes(of: &last) { $0.storeBytes(of: scalar, toByteOffset: slot * 4, as: UInt32.self) }
        hashed += 1
        if hashed == CopySignature.endLength { head = hash }
    }

    /// The hash of the last `endLength` characters hashed, oldest first.
    private var tail: UInt64 {
        withUnsafeBytes(of: last) { last in
            var tail: UInt64 = 0xCBF2_9CE4_8422_2325
            for step in 0..<CopySignature.endLength {
                let slot = (hashed + step) % CopySignature.endLength
                tail = (tail ^ UInt64(last.load(fromByteOffset: slot * 4, as: UInt32.self))) &* 0x100_0000_01B3
            }
            return tail
        }
    }

    /// A 16-bit hash as kept for an end: never 0 (which says there is none).
    private static func endHash(_ hash: UInt64, salt: UInt64) -> UInt16 {
        max(1, UInt16(truncatingIfNeeded: CopySignature.mix(hash ^ salt) >> 48))
    }

    /// ASCII and fullwidth punctuation, CJK symbols and punctuation, general punctuation.
    @inline(__always)
    static func isPunctuation(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        case 0x2000...0x206F, 0x3000...0x303F, 0xFE30...0xFE4F: return true
        case 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: return true
        default: return false
        }
    }

    func finish() -> CopySignature.Paragraph? {
        guard count > 0 else { return nil }
        var paragraph = CopySignature.Paragraph(hash: UInt32(truncatingIfNeeded: CopySignature.mix(hash) >> 32), length: UInt16(clamping: count))
        if hashed >= 2 * CopySignature.endLength {
            paragraph.head = Self.endHash(head, salt: 0x68EA_D000)
            paragraph.tail = Self.endHash(tail, salt: 0x7A11_0000)
        }
        return paragraph
    }
}
