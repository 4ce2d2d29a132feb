import Foundation
import Testing

/// The last two open points of the reader's issue, through the real binary
/// in tmux: the problems of a config at start, one at a time in a box (the
/// box at 40x12 and stderr after exit are in `EdgesEndToEndTests`); a click
/// on a copy the article's head lists.
@Suite(.serialized) struct ReaderOpenPointsEndToEndTests {
    /// The rows of the box's inside, its borders and padding dropped, joined with spaces.
    static func boxText(_ screen: String) -> String {
        screen.split(separator: "\n").compactMap { row -> String? in
            guard row.hasPrefix("│"), row.hasSuffix("│"), row.count > 2 else { return nil }
            return row.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
    }

    @Test func escDismissesEveryProblemAtOnce() throws {
        let workspace = try ReaderPointsEndToEndTests.Workspace(config: "mouse = sometimes\nwatch = 3\n")
        let tmux = try workspace.session(width: 80, height: 24)
        try tmux.waitFor(text: "Esc close all")
        try ReaderRedrawEndToEndTests.expectRedrawHolds(tmux, width: 80, height: 24, steps: ["Escape"])
        #expect(!(try tmux.capture()).contains("Problem"))
        try tmux.send("q")
        try tmux.waitFor(text: "EXITED 0")
    }

    @Test(arguments: [(120, 40), (40, 12)])
    func aClickOnACopyInTheArticleOpensIt(width: Int, height: Int) throws {
        let workspace = try ReaderPointsEndToEndTests.Workspace()
        let corpus = workspace.root + "/generated"
        _ = try TmuxSession.run(CopiesReaderEndToEndTests.snapgen, [corpus, "--count", "40", "--copies", "10"])
        let tmux = try TmuxSession(width: width, height: height, arguments: [corpus], environment: workspace.environment)
        try tmux.waitFor("the index read") { $0.contains("50 articles") && !$0.contains("indexing") }
        // The first row with copies, found as the command line lists them (the reader's order), opened.
        let listed = try CommandRunner.run(["list", corpus, "--json"], environment: workspace.environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let index = try #require(rows.firstIndex { ($0["copies"] as? Int ?? 0) > 0 }, "snapgen planted copies")
        if index > 0 {
            // One j at a time: a count cannot start with 1, 2 or 3 (they focus a pane).
            for _ in 0..<index { try tmux.send("j") }
            try tmux.waitFor(text: " \(index + 1)/50")
        }
        try tmux.send("Enter")
        let screen = try tmux.waitFor("the copies in the article's head") { $0.contains("other snapshot") && !$0.contains("Opening…") }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex { $0.contains("other snapshot") })
        // The column of the count line's "=": the list's rows left of it are Chinese (two columns a character).
        let row = lines[header]
        let before = row[..<(row.firstIndex(of: "=") ?? row.startIndex)]
        let column = before.reduce(0) { $0 + ($1.unicodeScalars.first.map { $0.value >= 0x2E80 && $0.value != 0x2502 } == true ? 2 : 1) }
        if height >= 40 {
            // The first copy listed, on the row below, opens onto the trail.
            try tmux.sgrMouse(button: 0, x: column + 4, y: header + 1)
            try tmux.waitFor(text: "trail 1←→0")
            try tmux.send("H")
            try tmux.waitFor(text: "trail 0←→1")
        } else {
            // One pane at a time: the count line alone, and a click on it shows the related list of them.
            try tmux.sgrMouse(button: 0, x: column + 4, y: header)
            try tmux.waitFor(text: "[Related]")
            try tmux.waitFor(text: "other snapshot")
        }
        try tmux.send("q")
    }
}
