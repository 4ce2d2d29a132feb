import CSystemSupport
import Foundation
import SnapshotStore
#if canImport(Glibc)
import Glibc
#endif

/// A JSON value that keeps its keys in the order they were written, so output
/// follows CONTRACT.md field by field, and absent values print as `null`.
/// Rendering works on UTF-8 bytes: a hundred thousand results print quickly.
enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func optional(_ text: String?) -> JSONValue {
        text.map { .string($0) } ?? .null
    }

    /// Pretty-printed with two-space indentation.
    func rendered() -> String {
        var output: [UInt8] = []
        write(to: &output, indent: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// Prints a top-level array item by item, so output starts at once and
    /// the whole document is never held in memory.
    static func printArray<S: Sequence>(_ items: S, _ render: (S.Element) -> JSONValue) {
        printArray(items) { item, buffer in render(item).write(to: &buffer, indent: 1) }
    }

    /// The same, for items that write themselves (at indent level 1).
    static func printArray<S: Sequence>(_ items: S, writing write: (S.Element, inout [UInt8]) -> Void) {
        let out = OutputWriter.standardOutput
        var buffer: [UInt8] = Array("[".utf8)
        var first = true
        for item in items {
            buffer += first ? [0x0A, 0x20, 0x20] : [0x2C, 0x0A, 0x20, 0x20]
            first = false
            write(item, &buffer)
            if buffer.count > 1 << 16 {
                out.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer += first ? Array("]\n".utf8) : Array("\n]\n".utf8)
        out.write(buffer)
    }

    func write(to output: inout [UInt8], indent: Int) {
        switch self {
        case .string(let text): JSONValue.writeString(text, to: &output)
        case .int(let number): output += String(number).utf8
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .null: output += "null".utf8
        case .array(let items):
            if items.isEmpty { output += "[]".utf8; return }
            output += "[\n".utf8
            for (position, item) in items.enumerated() {
                JSONValue.indent(&output, indent + 1)
                item.write(to: &output, indent: indent + 1)
                output += (position + 1 < items.count ? ",\n" : "\n").utf8
            }
            JSONValue.indent(&output, indent)
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { output += "{}".utf8; return }
            output += "{\n".utf8
            for (position, (key, value)) in fields.enumerated() {
                JSONValue.indent(&output, indent + 1)
                JSONValue.writeString(key, to: &output)
                output += ": ".utf8
                value.write(to: &output, indent: indent + 1)
                output += (position + 1 < fields.count ? ",\n" : "\n").utf8
            }
            JSONValue.indent(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    static func indent(_ output: inout [UInt8], _ level: Int) {
        output += repeatElement(0x20, count: level * 2)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(0x22)
        var text = text
        text.withUTF8 { writeEscaped(UnsafeRawBufferPointer($0), to: &output) }
        output.append(0x22)
    }

    /// UTF-8 bytes as the inside of a JSON string (no quotes).
    static func writeEscaped(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        // Most text has nothing to escape: copied as it is.
        let plain = plainLength(bytes)
        guard plain < bytes.count else { return output.append(contentsOf: bytes) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: escapedBound(bytes.count)) { room in
            guard let target = room.baseAddress else { return }
            output.append(contentsOf: UnsafeBufferPointer(start: target, count: writeEscaped(bytes, at: target, plain: plain)))
        }
    }

    /// How many bytes at the start of `bytes` go into a JSON string as they
    /// are (all of them, for most text).
    static func plainLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        return snapread_json_plain_prefix(base, bytes.count)
    }

    /// The most that `count` bytes take escaped: a control byte becomes six
    /// (`\u0007`), a C1 control's two bytes six, U+2028's three six.
    static func escapedBound(_ count: Int) -> Int { count * 6 }

    /// `writeEscaped` into memory with room for `escapedBound` of the
    /// bytes, at `target`, the first `plain` of them known to need no
    /// escaping (`plainLength`); returns how many it wrote.
    static func writeEscaped(_ bytes: UnsafeRawBufferPointer, at target: UnsafeMutablePointer<UInt8>, plain: Int = 0) -> Int {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        let count = bytes.count
        var index = min(max(0, plain), count)
        target.update(from: base, count: index)
        var written = index
        func put(_ byte: UInt8) {
            target[written] = byte
            written += 1
        }
        func putUnicode(_ value: UInt8) {
            put(0x5C); put(0x75); put(0x30); put(0x30)
            put(hexDigits[Int(value >> 4)]); put(hexDigits[Int(value & 0xF)])
        }
        while index < count {
            // The run that needs no escaping, found 32 bytes at a time.
            let run = snapread_json_plain_prefix(base + index, count - index)
            if run > 0 {
                (target + written).update(from: base + index, count: run)
                written += run
                index += run
                if index == count { break }
            }
            let byte = bytes[index]
            var length = 1
            switch byte {
            case 0x22: put(0x5C); put(0x22)
            case 0x5C: put(0x5C); put(0x5C)
            case 0x0A: put(0x5C); put(0x6E)
            case 0x0D: put(0x5C); put(0x72)
            case 0x09: put(0x5C); put(0x74)
            case 0x00..<0x20, 0x7F:
                putUnicode(byte)
            case 0xC2 where index + 1 < count && (0x80..<0xA0).contains(bytes[index + 1]):
                // A C1 control (U+0080-U+009F): valid JSON raw, but escaped so
                // that JSON printed to a terminal cannot drive it.
                putUnicode(bytes[index + 1])
                length = 2
            case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                // U+2028 and U+2029 break JavaScript string literals.
                for byte in (bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8 { put(byte) }
                length = 3
            default:
                put(byte)
            }
            index += length
        }
        return written
    }
}

extension JSONValue {
    /// `printArray` for many items: chunks of them are rendered on every core
    /// and written in order. `write` must be safe to call from any thread.
    static func printArrayInParallel<T: Sendable>(_ items: [T], writing write: @escaping @Sendable (T, inout [UInt8]) -> Void) {
        printArrayInParallel(count: items.count) { index, buffer in write(items[index], &buffer) }
    }

    /// The same for items known by their position.
    static func printArrayInParallel(count: Int, writing write: @escaping @Sendable (Int, inout [UInt8]) -> Void) {
        let out = OutputWriter.standardOutput
        guard count > 0 else {
            out.write("[]\n")
            return
        }
        out.write("[")
        ParallelRendering.write(count: count) { index, buffer in
            buffer += index == 0 ? [0x0A, 0x20, 0x20] : [0x2C, 0x0A, 0x20, 0x20]
            write(index, &buffer)
        }
        out.write("\n]\n")
    }
}

/// Renders output for many items on every core, a chunk per task, and writes
/// the chunks to standard output in order as they are done.
enum ParallelRendering {
    static let chunk = 2048

    static func write(count: Int, render: @escaping @Sendable (Int, inout [UInt8]) -> Void) {
        let parts = (count + chunk - 1) / chunk
        let done = RenderedParts(count: parts)
        DispatchQueue.global().async {
            ParallelLoop.run(iterations: parts) { part in
                var buffer: [UInt8] = []
                buffer.reserveCapacity(chunk * 256)
                for index in (part * chunk)..<min(count, (part + 1) * chunk) { render(index, &buffer) }
                done.finish(part, buffer)
            }
        }
        let out = OutputWriter.standardOutput
        for part in 0..<parts { out.write(done.wait(part)) }
    }

    /// Rendered chunks, handed from the workers to the writing thread.
    /// `@unchecked Sendable`: `buffers` is read and written only while
    /// `condition` is locked.
    final class RenderedParts: @unchecked Sendable {
        private var buffers: [[UInt8]?]
        private let condition = NSCondition()

        init(count: Int) {
            buffers = Array(repeating: nil, count: count)
        }

        func finish(_ part: Int, _ buffer: [UInt8]) {
            condition.lock()
            buffers[part] = buffer
            condition.broadcast()
            condition.unlock()
        }

        /// The chunk once it is done (and forgets it).
        func wait(_ part: Int) -> [UInt8] {
            condition.lock()
            defer { condition.unlock() }
            while buffers[part] == nil { condition.wait() }
            defer { buffers[part] = [] }
            return buffers[part] ?? []
        }
    }
}
