import Foundation

/// Reads a theme file (`Themes/*.toml`, or the config folder's `themes/`).
public enum ThemeFile {
    /// Parses a theme strictly: the first problem is thrown.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> Theme {
        let (theme, problems) = read(text, file: file)
        if let first = problems.first { throw first }
        return theme
    }

    /// Reads a theme: every role and field that is right applies, and each
    /// line that is not gives one problem (in line order) and is left out.
    public static func read(_ text: String, file: String) -> (theme: Theme, problems: [ConfigError]) {
        let document = MiniTOML.parse(text, file: file)
        var problems = document.problems
        let root = document.root
        let fallbackName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var theme = Theme(name: root["name"]?.string ?? fallbackName, styles: [:])
        for key in root.keys where key != "name" && key != "roles" {
            problems.append(ConfigError(file: file, line: document.lines[key] ?? 1, reason: "unknown setting “\(key)”",
                                        hint: "a theme has name and [roles]"))
        }
        for (roleName, value) in root["roles"]?.table ?? [:] {
            let line = document.lines["roles." + roleName] ?? 1
            func problem(_ reason: String, hint: String? = nil) {
                problems.append(ConfigError(file: file, line: line, reason: reason, hint: hint))
            }
            guard let role = Role(rawValue: roleName) else {
                problem("unknown role “\(roleName)”", hint: "roles are " + Role.allCases.map(\.rawValue).joined(separator: ", "))
                continue
            }
            guard let fields = value.table else {
                problem("\(roleName) must be a table", hint: "like \(roleName) = { fg = \"cyan\", bold = true }")
                continue
            }
            var style = Style()
            for (field, fieldValue) in fields.sorted(by: { $0.key < $1.key }) {
                switch field {
                case "fg", "bg":
                    do {
                        let color = try color(fieldValue, file: file, line: line)
                        if field == "fg" { style.foreground = color } else { style.background = color }
                    } catch {
                        problems.append(error)
                    }
                case "bold", "dim", "underline", "reverse", "italic":
                    guard let flag = fieldValue.boolean else { problem("\(field) must be true or false"); continue }
                    switch field {
                    case "bold": style.bold = flag
                    case "dim": style.dim = flag
                    case "underline": style.underline = flag
                    case "reverse": style.reverse = flag
                    default: style.italic = flag
                    }
                default:
                    problem("unknown style field “\(field)”", hint: "fields are fg, bg, bold, dim, underline, reverse, italic")
                }
            }
            theme.styles[role] = style
        }
        problems.sort { ($0.line, $0.reason) < ($1.line, $1.reason) }
        return (theme, problems)
    }

    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func color(_ value: TOMLValue, file: String, line: Int) throws(ConfigError) -> TerminalColor {
        if let number = value.integer {
            guard (0...255).contains(number) else { throw ConfigError(file: file, line: line, reason: "color \(number) is not in 0-255") }
            return .palette(number)
        }
        guard let name = value.string?.lowercased() else {
            throw ConfigError(file: file, line: line, reason: "a color must be in quotes", hint: "a name, 0-255 or \"#rrggbb\"")
        }
        if name == "default" { return .terminalDefault }
        if let index = colorNames.firstIndex(of: name) { return .ansi(index) }
        if name.hasPrefix("bright-"), let index = colorNames.firstIndex(of: String(name.dropFirst(7))) { return .ansi(index + 8) }
        if name.hasPrefix("#"), name.count == 7, let rgb = UInt32(name.dropFirst(), radix: 16) {
            return .rgb(UInt8(rgb >> 16 & 0xFF), UInt8(rgb >> 8 & 0xFF), UInt8(rgb & 0xFF))
        }
        throw ConfigError(file: file, line: line, reason: "“\(name)” is not a color", hint: "a name, bright-name, 0-255 or #rrggbb")
    }
}
