import ArgumentParser
import SnapshotStore

/// `snapread timeline DIR [QUERY] [FILTERS] [--by PERIOD]`: articles per period.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "How many of DIR's articles were published in each day, week, month or year (of a search when QUERY is given).",
        discussion: """
        Every period from the first article's to the last one's is shown, empty ones included, as a bar
        chart fitted to the terminal's width (or $COLUMNS; 80 columns into a pipe). Periods are Beijing
        time, as the snapshot site writes it; weeks are ISO weeks (2024-W13, Monday to Sunday).
        Articles without a publish time belong to no period: the text output counts them on a line of
        their own (undated), and the JSON leaves them out.

        Examples:
          snapread timeline ~/news --by week
          snapread timeline ~/news 台风 --since 2024-01-01 --by day
          snapread timeline ~/news --category 财经 --json | jq -r '.[] | "\\(.period)\\t\\(.count)"'
        """
    )

    /// The periods `--by` takes.
    enum Period: String, ExpressibleByArgument, CaseIterable {
        case day, week, month, year

        var granularity: TimelineGranularity {
            switch self {
            case .day: .day
            case .week: .week
            case .month: .month
            case .year: .year
            }
        }
    }

    @OptionGroup var corpus: CorpusOptions

    @Argument(help: "Count only the articles this search finds (as `search` finds them).")
    var query: String?

    @OptionGroup var filters: FilterOptions

    @Option(help: "The period to count by.")
    var by: Period = .month

    @Flag(help: "Print JSON (the shape of CONTRACT.md): [{\"period\", \"count\"}], oldest first.")
    var json = false

    func run() throws {
        let library = try corpus.openLibrary()
        let filter = try filters.filter()
        try filters.reportUnknownCategories(in: library)
        let timeline = try library.timeline(query: query, filter: filter, by: by.granularity)
        if json {
            JSONValue.array(timeline.periods.map { .object([("period", .string($0.label)), ("count", .int($0.count))]) }).writeLine()
            return
        }
        let out = OutputWriter.standardOutput
        for line in TimelineChart.lines(timeline, width: TerminalSize.columns()) { out.line(line) }
        out.flush()
    }
}

/// The text output of `timeline`: a line per period with its count and a bar
/// of block characters, eighth blocks for the remainder.
enum TimelineChart {
    /// The bar's remainder in eighths: ▏ is one eighth of a cell, ▉ seven.
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    static func lines(_ timeline: Timeline, width: Int) -> [String] {
        guard !timeline.periods.isEmpty || timeline.undated > 0 else { return ["no articles"] }
        let undatedLabel = "undated"
        let labelWidth = max(timeline.periods.map(\.label.count).max() ?? 0, timeline.undated > 0 ? undatedLabel.count : 0)
        let largest = timeline.largestCount
        let countWidth = String(max(largest, timeline.undated)).count
        // label, two spaces, count, a space, the bar: at least 10 cells of it.
        let barWidth = max(10, width - labelWidth - 2 - countWidth - 1)
        func pad(_ text: String, _ width: Int, left: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return left ? fill + text : text + fill
        }
        var lines = timeline.periods.map { period in
            let head = pad(period.label, labelWidth, left: false) + "  " + pad(String(period.count), countWidth, left: true)
            return period.count > 0 ? head + " " + bar(period.count, of: largest, width: barWidth) : head
        }
        if timeline.undated > 0 {
            lines.append(pad(undatedLabel, labelWidth, left: false) + "  " + pad(String(timeline.undated), countWidth, left: true)
                         + " (no publish time: in no period)")
        }
        return lines
    }

    /// `count` in proportion to `largest` over `width` cells; a count above
    /// zero always shows at least an eighth.
    static func bar(_ count: Int, of largest: Int, width: Int) -> String {
        guard count > 0, largest > 0 else { return "" }
        let units = max(1, Int((Double(count) * Double(width * 8) / Double(largest)).rounded()))
        var bar = String(repeating: "█", count: units / 8)
        if units % 8 > 0 { bar.append(eighths[units % 8 - 1]) }
        return bar
    }
}
