import Foundation

/// The settings of `config.toml`.
///
/// ```toml
/// theme = "light"          # a theme's name (Themes/ or the config folder's themes/)
/// mouse = false            # on by default
/// corpus = "~/news"        # opened by `snapread` with no folder
/// [layout]
/// list_width = 45          # percent of the width for the list beside the article
/// [keys.global]
/// "Ctrl-N" = "move-down"   # key = action; "none" removes a binding
/// ```
public struct ReaderConfig: Sendable {
    public var theme = "dark"
    public var mouse = true
    public var corpus: String?
    /// Whether commands start a watcher per corpus (`snapread _watch`), which
    /// spares them the stat of every file while nothing changed.
    public var watch = true
    public var listWidthPercent: Int?
    public var keymap = Keymap.defaults

    public init() {}

    /// Parses a config file; any error means the caller should use the defaults.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ReaderConfig {
        let (root, lines) = try MiniTOML.parse(text, file: file)
        var config = ReaderConfig()
        func line(_ key: String) -> Int { lines[key] ?? 1 }
        for (key, value) in root {
            switch key {
            case "theme":
                guard let name = value.string else { throw ConfigError(file: file, line: line(key), reason: "theme must be a name in quotes") }
                config.theme = name
            case "mouse":
                guard let flag = value.boolean else { throw ConfigError(file: file, line: line(key), reason: "mouse must be true or false") }
                config.mouse = flag
            case "watch":
                guard let flag = value.boolean else { throw ConfigError(file: file, line: line(key), reason: "watch must be true or false") }
                config.watch = flag
            case "corpus":
                guard let path = value.string else { throw ConfigError(file: file, line: line(key), reason: "corpus must be a folder in quotes") }
                config.corpus = (path as NSString).expandingTildeInPath
            case "layout":
                for (setting, settingValue) in value.table ?? [:] {
                    guard setting == "list_width", let percent = settingValue.integer, (20...80).contains(percent) else {
                        throw ConfigError(file: file, line: line("layout." + setting), reason: "layout has list_width = 20 to 80 (percent)")
                    }
                    config.listWidthPercent = percent
                }
            case "keys":
                for (contextName, bindings) in value.table ?? [:] {
                    guard let context = KeyContext(rawValue: contextName) else {
                        throw ConfigError(file: file, line: 1, reason: "unknown key context [keys.\(contextName)]; contexts are " + KeyContext.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    for (keyName, actionValue) in bindings.table ?? [:] {
                        let at = line("keys.\(contextName).\(keyName)")
                        guard let key = Key(configName: keyName) else {
                            throw ConfigError(file: file, line: at, reason: "“\(keyName)” is not a key (a character, Ctrl-X, Enter, Space, Tab, Esc, Up, PgDn, F1 …)")
                        }
                        guard let actionName = actionValue.string else { throw ConfigError(file: file, line: at, reason: "an action name in quotes, or \"none\"") }
                        if actionName == "none" {
                            config.keymap.bind(key, to: nil, in: context)
                            continue
                        }
                        guard let action = Action(configName: actionName) else {
                            throw ConfigError(file: file, line: at, reason: "unknown action “\(actionName)”; actions are " + Action.allCases.map(\.configName).joined(separator: ", "))
                        }
                        config.keymap.bind(key, to: action, in: context)
                    }
                }
            default:
                throw ConfigError(file: file, line: line(key), reason: "unknown setting “\(key)” (theme, mouse, corpus, watch, [layout], [keys.CONTEXT])")
            }
        }
        return config
    }

    /// The effective configuration, as a config file.
    public var rendered: String {
        var out = "theme = \"\(theme)\"\nmouse = \(mouse)\n"
        if let corpus { out += "corpus = \"\(corpus)\"\n" }
        out += "watch = \(watch)\n"
        out += "\n[layout]\nlist_width = \(listWidthPercent ?? PaneLayout.defaultListPercent)\n"
        for context in KeyContext.allCases {
            let map = keymap.bindings[context] ?? [:]
            let removed = (Keymap.defaults.bindings[context] ?? [:]).keys.filter { map[$0] == nil }
            guard !map.isEmpty || !removed.isEmpty else { continue }
            out += "\n[keys.\(context.rawValue)]\n"
            for (key, action) in map.sorted(by: { ($0.value.configName, $0.key.name) < ($1.value.configName, $1.key.name) }) {
                out += "\"\(key.name)\" = \"\(action.configName)\"\n"
            }
            for key in removed.sorted(by: { $0.name < $1.name }) { out += "\"\(key.name)\" = \"none\"\n" }
        }
        return out
    }
}

extension Action {
    /// How the config file and the help screen name the action: `move-down`, `copy-url`.
    public var configName: String { rawValue }

    public init?(configName: String) {
        guard let action = Action.allCases.first(where: { $0.configName == configName }) else { return nil }
        self = action
    }
}

extension Key {
    /// Reads a key as the help screen writes it: `j`, `G`, `Ctrl-D`, `Space`, `PgDn`, `F5`.
    public init?(configName name: String) {
        let named: [String: Key] = [
            "Space": .character(" "), "Enter": .enter, "Tab": .tab, "Shift-Tab": .backTab, "Esc": .escape,
            "Backspace": .backspace, "Delete": .delete, "Up": .up, "Down": .down, "Left": .left, "Right": .right,
            "PgUp": .pageUp, "PgDn": .pageDown, "Home": .home, "End": .end,
        ]
        if let key = named[name] {
            self = key
        } else if name.hasPrefix("Ctrl-"), name.count == 6, let letter = name.last?.lowercased().first, letter.isLetter {
            self = .control(letter)
        } else if name.hasPrefix("F"), let number = Int(name.dropFirst()), (1...12).contains(number) {
            self = .function(number)
        } else if name.count == 1, let character = name.first {
            self = .character(character)
        } else {
            return nil
        }
    }
}
