import SnapshotFormat
import Testing
@testable import SnapshotStore

/// Inputs the `related` fuzz target (Fuzz/, RelatedAndLinkTargets) found,
/// kept as they were found: each once trapped.
@Suite struct RelatedRecordFuzzFindingsTests {
    /// A dated item whose time (zigzag varint of 2^63 - 1) no SnapshotTime
    /// can hold: decoding gave an item whose time trapped when read back.
    /// Now the record is not whole.
    @Test func aTimeBeyondWhatSnapshotTimeHoldsIsNoRecord() {
        let found: [UInt8] = [0x00, 0x7E, 0x00, 0x29, 0x00, 0x02, 0x01, 0x9D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x00, 0x00]
        let content = Array(found[5...])
        for start in 0..<content.count {
            for end in start...content.count {
                guard let items = RelatedRecord.decode(content[start..<end]) else { continue }
                var again: [UInt8] = []
                RelatedRecord.append(items, to: &again)
                #expect(RelatedRecord.decode(again[...])?.count == items.count)
            }
        }
        // The largest and smallest times that are kept decode and read back.
        for time in [RelatedRecord.datable.lowerBound, 0, RelatedRecord.datable.upperBound] {
            let item = RelatedItem(title: "标题", excerpt: "摘要", publishedAt: SnapshotTime(epochSeconds: time))
            var bytes: [UInt8] = []
            RelatedRecord.append([item], to: &bytes)
            #expect(RelatedRecord.decode(bytes[...])?.first?.publishedAt?.epochSeconds == time)
        }
    }
}
