import Foundation
import Testing

/// The reader's last rough edges through the real binary in tmux: the wheel
/// over the list scrolls the view (SGR reports), and resizes in quick
/// succession with the picker open all reach the screen.
@Suite(.serialized) struct ReaderRoughEndToEndTests {
    /// The list's part of each screen row (left of the pane separator).
    static func listColumn(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map { row in
            String(row.split(separator: "│", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
    }

    @Test func theWheelOverTheListScrollsTheViewAndKeepsTheSelection() throws {
        let workspace = ReaderRedrawEndToEndTests.Workspace()
        // 120x30: the list is 27 rows of the demo's 41 articles.
        let tmux = try TmuxSession(width: 120, height: 30, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor("the index to be read") { $0.contains("41 articles") && !$0.contains("indexing") }
        for _ in 0..<9 { try tmux.send("j") }
        let before = Self.listColumn(try tmux.waitFor(text: "[Articles] 10/41"))
        // The wheel down over the list: the view moves three rows, the selection stays on the tenth article.
        try tmux.sgrMouse(button: 65, x: 10, y: 12)
        // Waited for as a whole: tmux can be captured while a frame is half written.
        let scrolled = Self.listColumn(try tmux.waitFor("the list to scroll") { Array(Self.listColumn($0)[2..<26]) == Array(before[5..<29]) })
        #expect(Array(scrolled[2..<26]) == Array(before[5..<29]), "every row moved up three")
        #expect(try tmux.capture().contains("[Articles] 10/41"), "the selection stayed")
        // Wheel up twice: back at the top, the selection still on its article.
        try tmux.sgrMouse(button: 64, x: 10, y: 12)
        try tmux.sgrMouse(button: 64, x: 10, y: 12)
        let back = Self.listColumn(try tmux.waitFor("the list back at the top") { Self.listColumn($0) == before })
        #expect(back == before)
        // Down to the last row, then the wheel up: the selection is carried to the view's last row.
        try tmux.send("G")
        try tmux.waitFor(text: "[Articles] 41/41")
        try tmux.sgrMouse(button: 64, x: 10, y: 12)
        try tmux.waitFor(text: "[Articles] 38/41")
        // The wheel over the article scrolls the article, not the list.
        try tmux.sgrMouse(button: 65, x: 80, y: 10)
        try tmux.waitFor("the article to scroll") { $0.contains("4-") && $0.contains("[Articles] 38/41") }
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test func resizesInQuickSuccessionWithThePickerOpenAllReachTheScreen() throws {
        let workspace = ReaderRedrawEndToEndTests.Workspace()
        let tmux = try TmuxSession(width: 80, height: 24, arguments: [workspace.corpus], environment: workspace.environment)
        try tmux.waitFor("the index to be read") { $0.contains("41 articles") && !$0.contains("indexing") }
        try tmux.send("c")
        try tmux.waitFor(text: "type to narrow")
        let sizes = [(100, 30), (60, 20), (120, 40), (45, 14), (90, 28), (70, 22)]
        for round in 0..<3 {
            // Five resizes in one tmux command (no pause between them), ending at a different size each round.
            var arguments = ["-L", tmux.server]
            for (index, size) in sizes.dropFirst(round).prefix(5).enumerated() {
                if index > 0 { arguments.append(";") }
                arguments += ["resize-window", "-x", String(size.0), "-y", String(size.1)]
            }
            _ = try TmuxSession.run("/usr/bin/tmux", arguments)
            let final = sizes.dropFirst(round).prefix(5).last ?? (80, 24)
            // The top line is drawn at the last size (its count ends one column before the edge), the picker still open.
            try tmux.waitFor("the screen at \(final.0)x\(final.1), no key pressed", timeout: 5) { screen in
                let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                return lines.first.map { $0.count == final.0 - 1 } == true && lines.count >= final.1 && screen.contains("type to narrow")
            }
            // Closed at that size, what is left is what a full redraw draws.
            try ReaderRedrawEndToEndTests.expectRedrawHolds(tmux, width: final.0, height: final.1, steps: ["Escape"])
            try tmux.send("c")
            try tmux.waitFor(text: "type to narrow")
        }
        try tmux.send("Escape", "q")
        try tmux.waitFor(text: "EXITED 0")
    }

    /// With a kept search, the category picker counts the search's results
    /// (as `search --json` gives them), and choosing a name lists that many.
    @Test func pickerCountsUnderAKeptSearchAreWhatChoosingGives() throws {
        let workspace = try ReaderPointsEndToEndTests.Workspace()
        let query = "村"
        let result = try CommandRunner.run(["search", workspace.corpus, query, "--json"], environment: workspace.environment)
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let expected = Dictionary(grouping: hits, by: { $0["category"] as? String ?? "" }).mapValues(\.count)
        #expect(expected.count > 2, "the query spreads over several categories")
        let tmux = try workspace.session(width: 120, height: 40)
        try tmux.send("/")
        try tmux.type(query)
        try tmux.send("Enter")
        try tmux.waitFor(text: " \(hits.count) articles")
        try tmux.send("c")
        let picker = try tmux.waitFor("the counts") { $0.contains("Category · type to narrow") && $0.contains("all categories") }
        func shown(_ name: String) -> Int? {
            let line = picker.split(separator: "\n").first { $0.contains(name + " ") }
            return line?.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "│"))) }.last
        }
        #expect(shown("all categories") == hits.count)
        for (category, count) in expected where !category.isEmpty {
            #expect(shown("│  " + category) == count, "\(category)")
        }
        // Choosing the largest lists as many as it was counted.
        let largest = try #require(expected.filter { !$0.key.isEmpty }.max { $0.value < $1.value })
        try tmux.type(largest.key)
        try tmux.waitFor(text: "> " + largest.key)
        try tmux.send("Enter")
        try tmux.waitFor(text: " \(largest.value) article")
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }
}
