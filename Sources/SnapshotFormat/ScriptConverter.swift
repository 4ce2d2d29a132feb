import COpenCC
import Foundation

/// Converts text between simplified and traditional Chinese through OpenCC,
/// by phrase as well as by character (`头发` becomes `頭髮`, not `頭發`): for
/// showing an article in the other script. About 4 MB/s on one core, so not
/// for a whole corpus; search and grouping use `ScriptFold` instead.
public final class ScriptConverter: @unchecked Sendable {
    /// The script to convert into.
    public enum Script: String, Sendable, CaseIterable {
        case simplified, traditional

        /// OpenCC's configuration file for converting into this script.
        var configuration: String { self == .simplified ? "t2s.json" : "s2t.json" }
    }

    /// Why a converter could not be made.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    public let script: Script
    // Invariant for @unchecked Sendable: the handle is used only under
    // `ScriptConverter.lock` and closed once, in deinit.
    private let handle: opencc_t
    /// One lock for every OpenCC call in the process: opening a
    /// configuration touches state OpenCC shares between handles (its last
    /// error, its dictionary loading), which is not safe from two threads.
    private static let lock = NSLock()

    /// Opens OpenCC's configuration for `script` (from /usr/share/opencc).
    public init(to script: Script) throws {
        self.script = script
        ScriptConverter.lock.lock()
        defer { ScriptConverter.lock.unlock() }
        let opened = opencc_open(script.configuration)
        if let opened, snapread_opencc_failed(opened) == 0 {
            handle = opened
        } else {
            let reason = opencc_error().map { String(cString: $0) } ?? "unknown error"
            throw OpenError(description: "OpenCC \(script.configuration): \(reason)")
        }
    }

    deinit {
        ScriptConverter.lock.lock()
        opencc_close(handle)
        ScriptConverter.lock.unlock()
    }

    /// `text` in the converter's script; `text` itself if OpenCC fails.
    public func convert(_ text: String) -> String {
        if text.isEmpty { return text }
        var utf8 = Array(text.utf8)
        let length = utf8.count
        utf8.append(0)
        ScriptConverter.lock.lock()
        defer { ScriptConverter.lock.unlock() }
        let result = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: length + 1) { opencc_convert_utf8(handle, $0, length) }
            } ?? nil
        }
        guard let result else { return text }
        let converted = String(cString: result)
        opencc_convert_utf8_free(result)
        return converted
    }

    /// The article with title, source, byline, editor's note and body in the
    /// converter's script: the meta line reads in one script. The category
    /// stays as the file has it, since it is the name `--category` and the
    /// reader's picker filter by.
    public func convert(_ article: Article) -> Article {
        var converted = article
        converted.title = convert(article.title)
        converted.source = article.source.map(convert)
        converted.byline = article.byline.map(convert)
        converted.editorNote = article.editorNote.map(convert)
        converted.body = article.body.map { BodyBlock($0.kind, convert($0.text)) }
        return converted
    }
}
