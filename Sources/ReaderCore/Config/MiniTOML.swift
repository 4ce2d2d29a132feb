import Foundation

/// The part of TOML that snapread's config and theme files use: comments,
/// `[table]` and `[table.sub]` headers, and `key = value` with strings,
/// integers, booleans, arrays of those and inline tables. Errors carry the
/// line they are on.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([TOMLValue])
    case table([String: TOMLValue])

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var integer: Int? { if case .integer(let n) = self { return n } else { return nil } }
    public var boolean: Bool? { if case .boolean(let b) = self { return b } else { return nil } }
    public var table: [String: TOMLValue]? { if case .table(let t) = self { return t } else { return nil } }
}

/// A problem in a config or theme file, with its line. Only that line is
/// lost: the rest of the file applies.
public struct ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    /// What is wrong, in a few words (the reader shows it at 40 columns).
    public var reason: String
    /// What would be right (the actions, the contexts …), for stderr and `snapread config`.
    public var hint: String?

    public init(file: String, line: Int, reason: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.reason = reason
        self.hint = hint
    }

    /// `/home/me/.config/snapread/config.toml:12: reason; hint`, the whole story.
    public var description: String { "\(file):\(line): \(reason)" + (hint.map { "; " + $0 } ?? "") }

    /// `config.toml:12: reason; hint`, what the reader's box shows (wrapped
    /// to its width): the hint only when it is a short one, as a long list
    /// of names would not fit a 40x12 box (stderr has it whole).
    public var inReader: String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let shortHint = hint.flatMap { $0.count <= 60 ? "; " + $0 : nil } ?? ""
        return "\(name):\(line): \(reason)" + shortHint
    }
}

/// Reads the small part of TOML that config and theme files use, a line at a time.
public enum MiniTOML {
    /// What a document gave: nested tables, the line each key (and each table
    /// header) is on, and one problem for each line that could not be read.
    public struct Document: Sendable {
        public var root: [String: TOMLValue] = [:]
        public var lines: [String: Int] = [:]
        public var problems: [ConfigError] = []
    }

    /// Parses a document into nested tables. A bad line is a problem and is
    /// skipped; a bad table header skips the keys under it too (they would
    /// land in the wrong table).
    public static func parse(_ text: String, file: String) -> Document {
        var document = Document()
        var currentPath: [String]? = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var scanner = Scanner(Array(rawLine.unicodeScalars), file: file, line: number)
            scanner.skipSpace()
            if scanner.atEnd || scanner.peek == "#" { continue }
            do {
                if scanner.peek == "[" {
                    currentPath = nil
                    let path = try header(&scanner)
                    try ensureTable(&document.root, path, scanner)
                    currentPath = path
                    let name = path.joined(separator: ".")
                    if document.lines[name] == nil { document.lines[name] = number }
                    continue
                }
                // Keys under a header that could not be read are skipped with it.
                guard let currentPath else { continue }
                let (keyPath, value) = try keyValue(&scanner)
                let full = currentPath + keyPath
                try set(&document.root, full, value, scanner)
                document.lines[full.joined(separator: ".")] = number
            } catch {
                document.problems.append(error)
            }
        }
        return document
    }

    private static func header(_ scanner: inout Scanner) throws(ConfigError) -> [String] {
        scanner.advance()
        var path: [String] = []
        repeat {
            scanner.skipSpace()
            path.append(try scanner.key())
            scanner.skipSpace()
        } while scanner.consume(".")
        guard scanner.consume("]") else { throw scanner.error("a table header needs ]") }
        scanner.skipSpace()
        guard scanner.atEnd || scanner.peek == "#" else { throw scanner.error("text after the table header") }
        return path
    }

    private static func keyValue(_ scanner: inout Scanner) throws(ConfigError) -> ([String], TOMLValue) {
        var keyPath: [String] = []
        repeat {
            scanner.skipSpace()
            keyPath.append(try scanner.key())
            scanner.skipSpace()
        } while scanner.consume(".")
        guard scanner.consume("=") else { throw scanner.error("= missing after the key") }
        scanner.skipSpace()
        let value = try scanner.value()
        scanner.skipSpace()
        guard scanner.atEnd || scanner.peek == "#" else { throw scanner.error("text after the value") }
        return (keyPath, value)
    }

    private static func ensureTable(_ root: inout [String: TOMLValue], _ path: [String], _ scanner: Scanner) throws(ConfigError) {
        guard let first = path.first else { return }
        var child = root[first]?.table ?? [:]
        if let existing = root[first], existing.table == nil { throw scanner.error("\(first) is a value, not a table") }
        try ensureTable(&child, Array(path.dropFirst()), scanner)
        root[first] = .table(child)
    }

    private static func set(_ root: inout [String: TOMLValue], _ path: [String], _ value: TOMLValue, _ scanner: Scanner) throws(ConfigError) {
        guard let first = path.first else { return }
        if path.count == 1 {
            if root[first] != nil { throw scanner.error("\(first) is set twice") }
            root[first] = value
            return
        }
        var child = root[first]?.table ?? [:]
        if let existing = root[first], existing.table == nil { throw scanner.error("\(first) is a value, not a table") }
        try set(&child, Array(path.dropFirst()), value, scanner)
        root[first] = .table(child)
    }

    struct Scanner {
        let scalars: [Unicode.Scalar]
        let file: String
        let line: Int
        var index = 0

        init(_ scalars: [Unicode.Scalar], file: String, line: Int) {
            self.scalars = scalars
            self.file = file
            self.line = line
        }

        var atEnd: Bool { index >= scalars.count || scalars[index] == "\r" && index == scalars.count - 1 }
        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func advance() { index += 1 }

        mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
            guard peek == scalar else { return false }
            index += 1
            return true
        }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\r" { index += 1 }
        }

        func error(_ reason: String, hint: String? = nil) -> ConfigError { ConfigError(file: file, line: line, reason: reason, hint: hint) }

        mutating func key() throws(ConfigError) -> String {
            if peek == "\"" || peek == "'" { return try quoted() }
            var name = ""
            while let c = peek, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
                name.unicodeScalars.append(c)
                index += 1
            }
            guard !name.isEmpty else { throw error("a key is missing") }
            return name
        }

        mutating func quoted() throws(ConfigError) -> String {
            let quote = peek
            index += 1
            var text = ""
            while let c = peek {
                index += 1
                if c == quote { return text }
                if c == "\\" && quote == "\"" {
                    guard let escaped = peek else { break }
                    index += 1
                    switch escaped {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    case "\\": text += "\\"
                    case "\"": text += "\""
                    default: throw error("unknown escape \\\(escaped)")
                    }
                } else {
                    text.unicodeScalars.append(c)
                }
            }
            throw error("a string is not closed")
        }

        mutating func value() throws(ConfigError) -> TOMLValue {
            guard let c = peek else { throw error("a value is missing") }
            switch c {
            case "\"", "'": return .string(try quoted())
            case "[":
                index += 1
                var items: [TOMLValue] = []
                skipSpace()
                while !consume("]") {
                    items.append(try value())
                    skipSpace()
                    if consume(",") { skipSpace(); continue }
                    skipSpace()
                    guard consume("]") else { throw error(", or ] missing in the array") }
                    break
                }
                return .array(items)
            case "{":
                index += 1
                var fields: [String: TOMLValue] = [:]
                skipSpace()
                if consume("}") { return .table(fields) }
                while true {
                    skipSpace()
                    let name = try key()
                    skipSpace()
                    guard consume("=") else { throw error("= missing in the inline table") }
                    skipSpace()
                    fields[name] = try value()
                    skipSpace()
                    if consume(",") { continue }
                    guard consume("}") else { throw error(", or } missing in the table") }
                    return .table(fields)
                }
            default:
                var word = ""
                while let d = peek, d != " ", d != ",", d != "}", d != "]", d != "#", d != "\t", d != "\r" {
                    word.unicodeScalars.append(d)
                    index += 1
                }
                if word == "true" { return .boolean(true) }
                if word == "false" { return .boolean(false) }
                if let number = Int(word.replacingOccurrences(of: "_", with: "")) { return .integer(number) }
                throw error("\(word.isEmpty ? "nothing" : "“\(word)”") is not a value", hint: "strings need quotes")
            }
        }
    }
}
