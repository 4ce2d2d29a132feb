/// Everything a key can do in the reader. The raw value is the name the
/// config file and the help screen use: words joined by hyphens.
public enum Action: String, CaseIterable, Sendable {
    case quit, moveDown = "move-down", moveUp = "move-up", pageDown = "page-down", pageUp = "page-up"
    case halfPageDown = "half-page-down", halfPageUp = "half-page-up", top, bottom
    case open, nextPane = "next-pane", previousPane = "previous-pane", focusList = "focus-list"
    case focusArticle = "focus-article", focusRelated = "focus-related"
    case back, forward, help, close, redraw, suspend, showSkipped = "show-skipped"
    case search, nextHit = "next-hit", previousHit = "previous-hit", pickCategory = "pick-category"
    case pickSource = "pick-source", pickDates = "pick-dates", clearFilters = "clear-filters"
    case toggleBookmark = "toggle-bookmark", bookmarkedOnly = "bookmarked-only", toggleRead = "toggle-read"
    case unreadOnly = "unread-only", distinct, diff, cycleScript = "cycle-script", openURL = "open-url", copyURL = "copy-url", cycleTheme = "cycle-theme"
    case nextUnread = "next-unread", previousUnread = "previous-unread", nextArticle = "next-article"
    case previousArticle = "previous-article", markAllRead = "mark-all-read", pipe = "pipe", save = "save"
    case timeline, thread, timelinePeriod = "timeline-period", threadDepth = "thread-depth"

    /// One line for the help screen.
    public var summary: String {
        switch self {
        case .quit: return "quit"
        case .moveDown: return "down one line / item"
        case .moveUp: return "up one line / item"
        case .pageDown: return "page down"
        case .pageUp: return "page up"
        case .halfPageDown: return "half a page down"
        case .halfPageUp: return "half a page up"
        case .top: return "go to the top"
        case .bottom: return "go to the bottom"
        case .open: return "open the article / follow the related story"
        case .nextPane: return "next pane"
        case .previousPane: return "previous pane"
        case .focusList: return "focus the article list"
        case .focusArticle: return "focus the article"
        case .focusRelated: return "focus the related items"
        case .back: return "back to the previous story"
        case .forward: return "forward again"
        case .help: return "show this help"
        case .close: return "close what is open (help, message)"
        case .redraw: return "redraw the screen"
        case .suspend: return "suspend (fg to come back)"
        case .showSkipped: return "list the files that are not snapshots, with the reason"
        case .search: return "search (type to narrow; Enter keeps, Esc restores)"
        case .nextHit: return "next search hit in the article"
        case .previousHit: return "previous search hit in the article"
        case .pickCategory: return "filter by category"
        case .pickSource: return "filter by source"
        case .pickDates: return "filter by date range (since..until)"
        case .clearFilters: return "clear every filter and the search"
        case .toggleBookmark: return "bookmark / unbookmark the article"
        case .bookmarkedOnly: return "show bookmarked articles only (again: all)"
        case .toggleRead: return "mark read / unread"
        case .unreadOnly: return "show unread articles only (again: all)"
        case .openURL: return "open the original URL ($BROWSER or xdg-open)"
        case .copyURL: return "copy the original URL (OSC 52, works in tmux and ssh)"
        case .cycleTheme: return "next theme (kept for the next start)"
        case .nextUnread: return "next unread article"
        case .previousUnread: return "previous unread article"
        case .nextArticle: return "next article (from any pane)"
        case .previousArticle: return "previous article (from any pane)"
        case .markAllRead: return "mark every article shown as read (asks first)"
        case .pipe: return "pipe the open article to a shell command"
        case .save: return "save the open article (.md: Markdown, else plain text; asks before replacing a file)"
        case .distinct: return "show one snapshot a story, the first published (again: all)"
        case .diff: return "what changed between the open snapshot and another of its story (the one selected in Related)"
        case .cycleScript: return "show the article in simplified, traditional, then its own script (OpenCC)"
        case .timeline: return "timeline: the list's articles per period; Enter narrows the list to one"
        case .thread: return "thread: the stories linked to the open article, both ways, in publish order"
        case .timelinePeriod: return "count by day, week, month or year (the next of them)"
        case .threadDepth: return "follow links 1, 2 or 3 steps away (the next of them)"
        }
    }

    /// The help screen's line for the action where it is bound: Enter and
    /// Esc do what the view they are in makes of them.
    public func summary(in context: KeyContext) -> String {
        switch (context, self) {
        case (.timeline, .open): return "narrow the list to the period (it becomes the date filter)"
        case (.timeline, .close): return "close the timeline, nothing changed"
        case (.thread, .open): return "open the story (on the back/forward trail, as following a link)"
        case (.thread, .close): return "close the thread"
        default: return summary
        }
    }
}

/// Where a binding applies. Pane contexts override the global one.
public enum KeyContext: String, CaseIterable, Sendable {
    case global, list, article, related, help, timeline, thread

    /// The views over the panes that take only motions from the global table
    /// (and the action that opened them, which closes them again).
    var takesOnlyMotions: Bool { self == .help || self == .timeline || self == .thread }
}

/// Keys to actions, per context. The help screen is generated from it, so it
/// always shows the bindings in force.
public struct Keymap: Equatable, Sendable {
    public private(set) var bindings: [KeyContext: [Key: Action]]
    /// Keys a pane's table binds to `none`: the global binding does not show through there.
    public private(set) var unbound: [KeyContext: Set<Key>] = [:]

    /// A keymap of these bindings.
    public init(bindings: [KeyContext: [Key: Action]]) {
        self.bindings = bindings
    }

    public static let defaults = Keymap(bindings: [
        .global: [
            .character("q"): .quit, .control("c"): .quit,
            .character("j"): .moveDown, .down: .moveDown, .character("k"): .moveUp, .up: .moveUp,
            .character(" "): .pageDown, .pageDown: .pageDown, .pageUp: .pageUp,
            .control("d"): .halfPageDown, .control("u"): .halfPageUp,
            .character("g"): .top, .home: .top, .character("G"): .bottom, .end: .bottom,
            .enter: .open, .tab: .nextPane, .backTab: .previousPane,
            .character("1"): .focusList, .character("2"): .focusArticle, .character("3"): .focusRelated,
            .character("H"): .back, .backspace: .back, .control("o"): .back, .character("L"): .forward,
            .character("?"): .help, .character("!"): .showSkipped, .escape: .close,
            .character("/"): .search, .character("n"): .nextHit, .character("N"): .previousHit,
            .character("c"): .pickCategory, .character("s"): .pickSource, .character("d"): .pickDates, .character("C"): .clearFilters,
            .character("b"): .toggleBookmark, .character("B"): .bookmarkedOnly, .character("m"): .toggleRead, .character("U"): .unreadOnly,
            .character("o"): .openURL, .character("y"): .copyURL, .character("t"): .cycleTheme, .control("l"): .redraw, .control("z"): .suspend,
            .character("]"): .nextUnread, .character("["): .previousUnread, .character("J"): .nextArticle, .character("K"): .previousArticle,
            .character("A"): .markAllRead, .character("|"): .pipe, .character("S"): .save,
            .character("T"): .timeline, .character("R"): .thread,
            .character("O"): .distinct, .character("D"): .diff, .character("z"): .cycleScript,
        ],
        .help: [
            .escape: .close, .character("q"): .close, .character("?"): .close,
        ],
        .timeline: [
            .escape: .close, .character("q"): .close, .enter: .open, .character("p"): .timelinePeriod,
        ],
        .thread: [
            .escape: .close, .character("q"): .close, .enter: .open, .character("d"): .threadDepth,
        ],
    ])

    /// What the global table lends the views over the panes: moving, and quitting with Ctrl-C.
    static let viewMotions: Set<Action> = [.moveDown, .moveUp, .pageDown, .pageUp, .halfPageDown, .halfPageUp, .top, .bottom, .quit]

    /// The action for a key in a context, falling back to the global bindings.
    public func action(for key: Key, in context: KeyContext) -> Action? {
        if let action = bindings[context]?[key] { return action }
        if unbound[context]?.contains(key) == true { return nil }
        if context == .help { return bindings[.global]?[key].flatMap { [.moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .quit].contains($0) ? $0 : nil } }
        if context.takesOnlyMotions {
            // The key that opened the view closes it (T in the timeline).
            let opener: Action = context == .timeline ? .timeline : .thread
            return bindings[.global]?[key].flatMap { Self.viewMotions.contains($0) || $0 == opener ? $0 : nil }
        }
        return bindings[.global]?[key]
    }

    /// Binds a key in a context; nil unbinds it there (in a pane, the global binding no longer shows through).
    public mutating func bind(_ key: Key, to action: Action?, in context: KeyContext) {
        bindings[context, default: [:]][key] = action
        if action == nil, context != .global { unbound[context, default: []].insert(key) } else { unbound[context]?.remove(key) }
    }

    /// The keys that do an action in a context, shortest name first (a pane's own, then the global ones that show through).
    public func keys(for action: Action, in context: KeyContext) -> [Key] {
        var keys = Set((bindings[context] ?? [:]).filter { $0.value == action }.keys)
        if context != .global {
            for (key, bound) in bindings[.global] ?? [:] where bound == action && self.action(for: key, in: context) == action { keys.insert(key) }
        }
        return keys.sorted { ($0.name.count, $0.name) < ($1.name.count, $1.name) }
    }

    /// The help screen's lines: each context's bindings, grouped by action.
    public func helpLines() -> [(keys: String, summary: String, context: KeyContext, action: Action?)] {
        var lines: [(String, String, KeyContext, Action?)] = []
        for context in KeyContext.allCases {
            let map = bindings[context] ?? [:]
            guard !map.isEmpty || unbound[context]?.isEmpty == false else { continue }
            var byAction: [Action: [Key]] = [:]
            for (key, action) in map { byAction[action, default: []].append(key) }
            for action in Action.allCases {
                guard let keys = byAction[action] else { continue }
                let names = keys.map(\.name).sorted { ($0.count, $0) < ($1.count, $1) }
                lines.append((names.joined(separator: " "), action.summary(in: context), context, action))
            }
            let removed = (unbound[context] ?? []).filter { map[$0] == nil }
            if !removed.isEmpty {
                lines.append((removed.map(\.name).sorted().joined(separator: " "), "unbound here (\"none\")", context, nil))
            }
        }
        return lines
    }
}
