import Testing
import SnapshotFormat

@Suite struct UTF8ScalarTests {
    @Test func decodesWhatSwiftDecodes() {
        let text = "a é 国 𠀋 “引号” 👍"
        let bytes = Array(text.utf8)
        var offset = 0
        var scalars: [UInt32] = []
        while offset < bytes.count {
            guard let (value, length) = UTF8Scalar.decode(bytes, at: offset) else {
                Issue.record("no scalar at \(offset)")
                return
            }
            scalars.append(value)
            offset += length
        }
        #expect(scalars == text.unicodeScalars.map(\.value))
    }

    @Test(arguments: [
        [0x80] as [UInt8],        // a continuation byte alone
        [0xE5, 0x9B],             // cut short
        [0xE5, 0x41, 0x9B],       // a lead byte followed by ASCII
        [0xED, 0xA0, 0x80],       // a surrogate
        [0xF8, 0x80, 0x80, 0x80], // no such lead byte
    ])
    func refusesWhatIsNotUTF8(bytes: [UInt8]) {
        #expect(UTF8Scalar.decode(bytes, at: 0) == nil)
    }
}
