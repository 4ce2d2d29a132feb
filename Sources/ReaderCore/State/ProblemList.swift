/// What was wrong when the reader started (lines of config.toml, a theme,
/// the user's data), shown over the panes one at a time until a key moves on.
public struct ProblemList: Equatable, Sendable {
    /// Each problem in one line of words (short forms that fit 40 columns where they can).
    public var lines: [String]
    /// The one shown.
    public var index = 0

    /// The problems, the first shown.
    public init(lines: [String]) {
        self.lines = lines
    }

    /// The problem shown now.
    public var current: String { lines.indices.contains(index) ? lines[index] : "" }

    /// Whether the one shown is the last.
    public var isLast: Bool { index >= lines.count - 1 }
}
