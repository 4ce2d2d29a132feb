import Foundation

/// The settings of `config.toml`.
///
/// ```toml
/// theme = "light"          # a theme's name (Themes/ or the config folder's themes/)
/// mouse = false            # on by default
/// corpus = "~/news"        # opened by `snapread` with no folder
/// ambiguous_width = 2      # the terminal draws ·•★→…│─“” two columns wide
/// [layout]
/// list_width = 45          # percent of the width for the list beside the article
/// [keys.global]
/// "Ctrl-N" = "move-down"   # key = action; "none" removes a binding
/// ```
public struct ReaderConfig: Sendable {
    public var theme = "dark"
    /// The line of the file that set `theme`; nil when it is the default.
    public var themeLine: Int?
    public var mouse = true
    public var corpus: String?
    /// Whether commands start a watcher per corpus (`snapread _watch`), which
    /// spares them the stat of every file while nothing changed.
    public var watch = true
    public var listWidthPercent: Int?
    /// How many columns East Asian Ambiguous characters take (`ambiguous_width`).
    public var widthMode = WidthMode.standard
    public var keymap = Keymap.defaults

    public init() {}

    /// Parses a config file strictly: the first problem is thrown.
    public static func parse(_ text: String, file: String, home: String? = ProcessInfo.processInfo.environment["HOME"]) throws(ConfigError) -> ReaderConfig {
        let (config, problems) = read(text, file: file, home: home)
        if let first = problems.first { throw first }
        return config
    }

    /// Reads a config file: every line that is right applies, and each line
    /// that is not gives one problem (in line order) and is left out, so one
    /// typo does not take a theme and key bindings down with it.
    public static func read(_ text: String, file: String, home: String? = ProcessInfo.processInfo.environment["HOME"]) -> (config: ReaderConfig, problems: [ConfigError]) {
        let document = MiniTOML.parse(text, file: file)
        var problems = document.problems
        var config = ReaderConfig()
        func problem(_ key: String, _ reason: String, hint: String? = nil) {
            problems.append(ConfigError(file: file, line: document.lines[key] ?? 1, reason: reason, hint: hint))
        }
        for (key, value) in document.root {
            switch key {
            case "theme":
                guard let name = value.string else { problem(key, "theme must be a name in quotes"); continue }
                config.theme = name
                config.themeLine = document.lines[key]
            case "mouse":
                guard let flag = value.boolean else { problem(key, "mouse must be true or false"); continue }
                config.mouse = flag
            case "watch":
                guard let flag = value.boolean else { problem(key, "watch must be true or false"); continue }
                config.watch = flag
            case "ambiguous_width":
                guard let columns = value.integer, columns == 1 || columns == 2 else {
                    problem(key, "ambiguous_width is 1 or 2", hint: "2 when the terminal draws ·•★→…│─“” two columns wide")
                    continue
                }
                config.widthMode = columns == 2 ? .ambiguousWide : .standard
            case "corpus":
                guard let path = value.string else { problem(key, "corpus must be a folder in quotes"); continue }
                config.corpus = expandingTilde(in: path, home: home)
            case "layout":
                guard let table = value.table else { problem(key, "layout must be a table"); continue }
                for (setting, settingValue) in table {
                    guard setting == "list_width", let percent = settingValue.integer, (20...80).contains(percent) else {
                        problem("layout." + setting, "list_width is 20 to 80", hint: "[layout] has list_width, a percent of the width")
                        continue
                    }
                    config.listWidthPercent = percent
                }
            case "keys":
                guard let contexts = value.table else { problem(key, "keys must be tables"); continue }
                for (contextName, bindings) in contexts {
                    guard let context = KeyContext(rawValue: contextName), let table = bindings.table else {
                        problem("keys." + contextName, "unknown [keys.\(contextName)]",
                                hint: "[keys.CONTEXT] with CONTEXT one of " + KeyContext.allCases.map(\.rawValue).joined(separator: ", "))
                        continue
                    }
                    for (keyName, actionValue) in table {
                        let at = "keys.\(contextName).\(keyName)"
                        guard let key = Key(configName: keyName) else {
                            problem(at, "“\(keyName)” is not a key", hint: "a character, Ctrl-X, Enter, Space, Tab, Esc, Up, PgDn, F1 …")
                            continue
                        }
                        guard let actionName = actionValue.string else { problem(at, "an action in quotes, or \"none\""); continue }
                        if actionName == "none" {
                            config.keymap.bind(key, to: nil, in: context)
                            continue
                        }
                        guard let action = Action(configName: actionName) else {
                            problem(at, "unknown action “\(actionName)”", hint: "actions are " + Action.allCases.map(\.configName).joined(separator: ", "))
                            continue
                        }
                        config.keymap.bind(key, to: action, in: context)
                    }
                }
            default:
                problem(key, "unknown setting “\(key)”", hint: "settings are theme, mouse, corpus, watch, ambiguous_width, [layout], [keys.CONTEXT]")
            }
        }
        problems.sort { ($0.line, $0.reason) < ($1.line, $1.reason) }
        return (config, problems)
    }

    /// `~` and `~/…` become `$HOME` as a shell expands them (not the account's
    /// home folder from the password database, which differs under `sudo -E`,
    /// in containers and in tests); `~user/…` is that user's home folder.
    public static func expandingTilde(in path: String, home: String?) -> String {
        guard path.hasPrefix("~") else { return path }
        let rest = path.dropFirst()
        if rest.isEmpty || rest.hasPrefix("/") {
            guard let home, !home.isEmpty else { return (path as NSString).expandingTildeInPath }
            // "$HOME/" and "~/x" must not give "//x".
            let base = home.count > 1 && home.hasSuffix("/") ? String(home.dropLast()) : home
            return rest.isEmpty ? base : (base == "/" ? String(rest) : base + rest)
        }
        return (path as NSString).expandingTildeInPath
    }

    /// The effective configuration, as a config file.
    public var rendered: String {
        var out = "theme = \"\(theme)\"\nmouse = \(mouse)\n"
        if let corpus { out += "corpus = \"\(corpus)\"\n" }
        out += "watch = \(watch)\n"
        out += "ambiguous_width = \(widthMode.ambiguousColumns)\n"
        out += "\n[layout]\nlist_width = \(listWidthPercent ?? PaneLayout.defaultListPercent)\n"
        for context in KeyContext.allCases {
            let map = keymap.bindings[context] ?? [:]
            // Defaults of the table taken away, and keys of other tables unbound in this one.
            let removed = Set((Keymap.defaults.bindings[context] ?? [:]).keys).union(keymap.unbound[context] ?? [])
                .filter { map[$0] == nil }
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
