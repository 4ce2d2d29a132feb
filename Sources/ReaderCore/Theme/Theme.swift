/// A terminal color as a theme names it.
public enum TerminalColor: Equatable, Sendable {
    case terminalDefault
    /// 0–7: black, red, green, yellow, blue, magenta, cyan, white; 8–15 their bright forms.
    case ansi(Int)
    /// 0–255 of the 256-color palette.
    case palette(Int)
    case rgb(UInt8, UInt8, UInt8)
}

/// How one role is drawn.
public struct Style: Equatable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold = false
    public var dim = false
    public var underline = false
    public var reverse = false
    public var italic = false

    public init(_ foreground: TerminalColor = .terminalDefault, on background: TerminalColor = .terminalDefault,
                bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false, italic: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
        self.italic = italic
    }
}

/// Styles per role.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(for role: Role) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
    }

    /// The built-in dark theme, made of the 8 basic colors so it works everywhere.
    public static let dark = Theme(name: "dark", styles: [
        .normal: Style(),
        .title: Style(bold: true),
        .meta: Style(.ansi(6)),
        .dim: Style(dim: true),
        .heading: Style(.ansi(3), bold: true),
        .note: Style(.ansi(2)),
        .link: Style(.ansi(6)),
        .unresolved: Style(dim: true),
        .selection: Style(.ansi(0), on: .ansi(6)),
        .selectionInactive: Style(.ansi(0), on: .ansi(7)),
        .unread: Style(.ansi(3), bold: true),
        .bookmark: Style(.ansi(5), bold: true),
        .paneTitle: Style(.ansi(7), on: .ansi(0), bold: true),
        .paneTitleFocused: Style(.ansi(0), on: .ansi(6), bold: true),
        .border: Style(dim: true),
        .status: Style(.ansi(0), on: .ansi(7)),
        .statusMessage: Style(.ansi(0), on: .ansi(3)),
        .topBar: Style(.ansi(7), on: .ansi(4), bold: true),
        .searchHit: Style(.ansi(0), on: .ansi(3)),
        .warning: Style(.ansi(1)),
        .help: Style(),
        .helpKey: Style(.ansi(3)),
        .diffAdded: Style(.ansi(2), bold: true),
        .diffRemoved: Style(.ansi(1)),
    ])
}
