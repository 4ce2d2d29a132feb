import Foundation

/// Reads a theme file (`Themes/*.toml`, or the config folder's `themes/`).
public enum ThemeFile {
    public static func parse(_ text: String, file: String) throws(ConfigError) -> Theme {
        let (root, lines) = try MiniTOML.parse(text, file: file)
        let fallbackName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var theme = Theme(name: root["name"]?.string ?? fallbackName, styles: [:])
        for key in root.keys where key != "name" && key != "roles" {
            throw ConfigError(file: file, line: lines[key] ?? 1, reason: "unknown setting “\(key)” (a theme has name and [roles])")
        }
        for (roleName, value) in root["roles"]?.table ?? [:] {
            let line = lines["roles." + roleName] ?? 1
            guard let role = Role(rawValue: roleName) else {
                throw ConfigError(file: file, line: line, reason: "unknown role “\(roleName)”; roles are " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let fields = value.table else { throw ConfigError(file: file, line: line, reason: "\(roleName) must be a table like { fg = \"cyan\", bold = true }") }
            var style = Style()
            for (field, fieldValue) in fields {
                switch field {
                case "fg", "bg":
                    let color = try color(fieldValue, file: file, line: line)
                    if field == "fg" { style.foreground = color } else { style.background = color }
                case "bold", "dim", "underline", "reverse", "italic":
                    guard let flag = fieldValue.boolean else { throw ConfigError(file: file, line: line, reason: "\(field) must be true or false") }
                    switch field {
                    case "bold": style.bold = flag
                    case "dim": style.dim = flag
                    case "underline": style.underline = flag
                    case "reverse": style.reverse = flag
                    default: style.italic = flag
                    }
                default:
                    throw ConfigError(file: file, line: line, reason: "unknown style field “\(field)” (fg, bg, bold, dim, underline, reverse, italic)")
                }
            }
            theme.styles[role] = style
        }
        return theme
    }

    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    static func color(_ value: TOMLValue, file: String, line: Int) throws(ConfigError) -> TerminalColor {
        if let number = value.integer {
            guard (0...255).contains(number) else { throw ConfigError(file: file, line: line, reason: "color \(number) is not in 0-255") }
            return .palette(number)
        }
        guard let name = value.string?.lowercased() else { throw ConfigError(file: file, line: line, reason: "a color is a name, 0-255 or \"#rrggbb\"") }
        if name == "default" { return .terminalDefault }
        if let index = colorNames.firstIndex(of: name) { return .ansi(index) }
        if name.hasPrefix("bright-"), let index = colorNames.firstIndex(of: String(name.dropFirst(7))) { return .ansi(index + 8) }
        if name.hasPrefix("#"), name.count == 7, let rgb = UInt32(name.dropFirst(), radix: 16) {
            return .rgb(UInt8(rgb >> 16 & 0xFF), UInt8(rgb >> 8 & 0xFF), UInt8(rgb & 0xFF))
        }
        throw ConfigError(file: file, line: line, reason: "“\(name)” is not a color (a name, bright-name, 0-255 or #rrggbb)")
    }
}
