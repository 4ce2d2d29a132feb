/// Wraps text at display width, following the line-breaking rules of Chinese
/// typesetting: no line starts with closing punctuation (`，。、；：？！”’）》…`)
/// and no line ends with opening punctuation (`“‘（《`). Latin words are kept
/// whole unless one is wider than the line.
public enum LineBreaker {
    /// Characters that must not begin a line.
    static let noLineStart: Set<Character> = [
        "，", "。", "、", "；", "：", "？", "！", "”", "’", "）", "》", "…", "」", "』", "】", "〕", "〉",
        "﹐", "﹑", "．", "·", "%", "‰", ",", ".", ";", ":", "?", "!", ")", "]", "}", "〗", "～",
    ]
    /// Characters that must not end a line.
    static let noLineEnd: Set<Character> = ["“", "‘", "（", "《", "「", "『", "【", "〔", "〈", "(", "[", "{", "〖"]

    /// The lines of `text` wrapped to `width` columns. An empty text gives one empty line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 1)
        if text.utf8.count <= width, DisplayWidth.of(text) <= width { return [text] }
        let characters = Array(text)
        let widths = characters.map { DisplayWidth.of($0) }
        var lines: [String] = []
        var start = 0
        while start < characters.count {
            // Skip the spaces a break leaves at the start of a line.
            while start < characters.count, characters[start] == " " { start += 1 }
            if start >= characters.count { break }
            var used = 0
            var index = start
            var lastBreak = -1
            while index < characters.count {
                if index > start, canBreak(characters, before: index) { lastBreak = index }
                if used + widths[index] > width { break }
                used += widths[index]
                index += 1
            }
            if index >= characters.count {
                lines.append(String(characters[start...]).trimmingTrailingSpaces())
                break
            }
            var end: Int
            if characters[index] == " " {
                // The line is full exactly at a space: break there.
                end = index
            } else if lastBreak > start {
                end = lastBreak
            } else {
                // No allowed break fits: cut where the line is full, at least one character.
                end = max(index, start + 1)
            }
            lines.append(String(characters[start..<end]).trimmingTrailingSpaces())
            start = end
        }
        return lines.isEmpty ? [""] : lines
    }

    /// Whether a line may break between `characters[index - 1]` and `characters[index]`.
    static func canBreak(_ characters: [Character], before index: Int) -> Bool {
        let previous = characters[index - 1]
        let next = characters[index]
        if next == " " { return false }
        if previous == " " { return !noLineStart.contains(next) }
        if noLineStart.contains(next) || noLineEnd.contains(previous) { return false }
        if previous == "—" && next == "—" { return false }
        if isWide(previous) || isWide(next) { return true }
        return previous == "-" || previous == "/"
    }

    private static func isWide(_ character: Character) -> Bool {
        DisplayWidth.of(character) == 2
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[..<end])
    }
}
