import Foundation
import SnapshotFormat

/// A MinHash signature of an article's body, for finding the other snapshots
/// of its story: one-permutation hashing (each shingle hashed once, the
/// smallest hash kept in each of 64 bins) over 5-character shingles of the
/// body folded to simplified characters. The share of equal bins between two
/// signatures estimates the Jaccard similarity of their shingle sets; with
/// the two shingle counts, it also estimates how much of the shorter body
/// the longer holds.
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

    public var bins: [UInt32]
    /// How many shingles the body has.
    public var shingles: UInt32

    public init(bins: [UInt32], shingles: UInt32) {
        self.bins = bins
        self.shingles = shingles
    }

    /// The signature of the body's paragraphs and headings, or nil when the
    /// body is too short. Whitespace is left out.
    public init?(body: [BodyBlock]) {
        // Each code point goes straight into the shingles' rolling hash: no
        // array of the body's code points is made (what `init(folded:)` takes).
        var shingles = ShingleBins()
        for block in body where block.kind != .image {
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
                    shingles.add(ScriptFold.fold(value))
                }
            }
            shingles.add(0x0A)
        }
        guard let (bins, count) = shingles.finish() else { return nil }
        self.bins = bins
        self.shingles = count
    }

    /// The signature of text already folded, as code points.
    init?(folded scalars: [UInt32]) {
        var shingles = ShingleBins()
        for scalar in scalars { shingles.add(scalar) }
        guard let (bins, count) = shingles.finish() else { return nil }
        self.bins = bins
        self.shingles = count
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

    /// Whether the two bodies are copies of one story.
    public func isCopy(of other: CopySignature) -> Bool {
        let similarity = similarity(other)
        return similarity >= CopySignature.copyThreshold
            && containment(other, similarity: similarity) >= CopySignature.containmentThreshold
    }

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

    /// The bins, then the shingle count, as little-endian bytes, as stored in the index.
    public var blob: Data {
        var data = Data(capacity: (bins.count + 1) * 4)
        for value in bins + [shingles] { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// A stored signature; nil when the blob has the wrong size.
    public init?(blob: Data) {
        guard blob.count == (CopySignature.binCount + 1) * 4 else { return nil }
        let words = blob.withUnsafeBytes { raw in
            (0...CopySignature.binCount).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
        bins = Array(words.dropLast())
        shingles = words[CopySignature.binCount]
    }

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
    private var bins = [UInt32](repeating: .max, count: CopySignature.binCount)
    /// One bit a bin: whether a shingle fell in it.
    private var filled: UInt64 = 0
    private var ring: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0)
    private var rolling: UInt64 = 0
    private var count = 0
    private let power = ShingleBins.power

    @inline(__always)
    mutating func add(_ scalar: UInt32) {
        let k = CopySignature.shingleLength
        rolling = rolling &* Self.base &+ UInt64(scalar) &+ 1
        let slot = count % k
        if count >= k {
            let leaving = withUnsafeBytes(of: ring) { $0.load(fromByteOffset: slot * 4, as: UInt32.self) }
            rolling = rolling &- (UInt64(leaving) &+ 1) &* power
        }
        withUnsafeMutableBytes(of: &ring) { $0.storeBytes(of: scalar, toByteOffset: slot * 4, as: UInt32.self) }
        count += 1
        guard count >= k else { return }
        let hash = CopySignature.mix(rolling)
        let bin = Int(hash >> 58)
        let value = UInt32(truncatingIfNeeded: hash)
        bins.withUnsafeMutableBufferPointer { bins in
            if value < bins[bin] { bins[bin] = value }
        }
        filled |= 1 << UInt64(bin)
    }

    /// The bins and the shingle count, or nil when there were too few shingles.
    func finish() -> ([UInt32], UInt32)? {
        let shingles = count - CopySignature.shingleLength + 1
        guard shingles >= CopySignature.minimumShingles else { return nil }
        var bins = self.bins
        func isFilled(_ bin: Int) -> Bool { filled & (1 << UInt64(bin)) != 0 }
        // Densification: an empty bin borrows the next filled bin's value,
        // shifted by the distance, so two bodies agree on it only when they
        // agree on the bin it borrowed from.
        for bin in 0..<CopySignature.binCount where !isFilled(bin) {
            var step = 1
            while !isFilled((bin + step) % CopySignature.binCount) { step += 1 }
            bins[bin] = bins[(bin + step) % CopySignature.binCount] &+ UInt32(step) &* 0x9E37_79B9
        }
        return (bins, UInt32(clamping: shingles))
    }
}
