/// Wraps text at display width, following the line-start and line-end
/// prohibition rules (行首行尾禁则) of the W3C's Requirements for Chinese Text
/// Layout (clreq, §3.1.7, with GB/T 15834—2011): no line starts with a pause or
/// stop mark, a closing bracket or quote, an interpunct, a connector, an
/// ellipsis or an iteration mark, and no line ends with an opening bracket or
/// quote; `……` and `——` are never split. Latin words are kept whole unless
/// one is wider than the line. `show` and the reader wrap with this same type.
public enum LineBreaker {
    /// Characters that must not begin a line (clreq 行首禁则).
    public static let noLineStart: Set<Character> = {
        // Pause and stop marks (点号): full stops, commas, the enumeration comma,
        // colons, semicolons, question and exclamation marks, in full-width,
        // half-width, small and ASCII forms.
        let pauseAndStop = "。．，、：；？！｡､﹐﹑﹒﹔﹕﹖﹗‼⁇⁈⁉,.;:?!"
        // Closing brackets, quotes and book-title marks (后半标号).
        let closing = "”’」』）〕］｝〉》】〗〙〛｠｣﹚﹜﹞»›)]}"
        // Interpuncts (间隔号) and connectors (连接号).
        let interpunctsAndConnectors = "·・･‧～〜‐‑–"
        // The ellipsis and the two-dot leader, which also keeps `……` whole.
        let leaders = "…‥"
        // Iteration marks.
        let iteration = "々〻ゝゞヽヾ"
        // Units written after a number.
        let postfixes = "%％‰‱℃℉°′″"
        return Set(pauseAndStop + closing + interpunctsAndConnectors + leaders + iteration + postfixes)
    }()

    /// Characters that must not end a line (clreq 行尾禁则): opening brackets,
    /// quotes and book-title marks (前半标号).
    public static let noLineEnd: Set<Character> = Set("“‘「『（〔［｛〈《【〖〘〚｟｢﹙﹛﹝«‹([{")

    /// The lines of `text` wrapped to `width` columns (measured in `mode`). An
    /// empty text gives one empty line.
    public static func wrap(_ text: String, width: Int, mode: WidthMode = .current) -> [String] {
        let width = max(width, 1)
        if text.utf8.count <= width, DisplayWidth.of(text, mode: mode) <= width { return [text] }
        let characters = Array(text)
        let widths = characters.map { DisplayWidth.of($0, mode: mode) }
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
            if characters[index] == " ", !startsWithProhibited(characters, after: index) {
                // The line is full exactly at a space: break there.
                end = index
            } else if lastBreak > start {
                end = lastBreak
            } else {
                // No allowed break fits (a word or a run of punctuation wider
                // than the line): cut where it is full, but still not before a
                // character that may not start a line, nor after one that may
                // not end it, while the line keeps a character.
                end = max(index, start + 1)
                var forced = end
                while forced > start + 1, isProhibited(characters, breakBefore: forced) { forced -= 1 }
                if !isProhibited(characters, breakBefore: forced) { end = forced }
            }
            lines.append(String(characters[start..<end]).trimmingTrailingSpaces())
            start = end
        }
        return lines.isEmpty ? [""] : lines
    }

    /// Whether a break before `characters[index]` would start a line with a
    /// character that may not start one, or end one with a character that may
    /// not end one.
    private static func isProhibited(_ characters: [Character], breakBefore index: Int) -> Bool {
        guard index > 0, index < characters.count else { return false }
        return noLineStart.contains(characters[index]) || noLineEnd.contains(characters[index - 1])
    }

    /// Whether the first character after the spaces from `index` may not start a line.
    private static func startsWithProhibited(_ characters: [Character], after index: Int) -> Bool {
        var next = index
        while next < characters.count, characters[next] == " " { next += 1 }
        return next < characters.count && noLineStart.contains(characters[next])
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

    /// Wide in the script's own sense (Han, kana, full-width forms): where a
    /// break may fall does not change with how Ambiguous characters are drawn.
    private static func isWide(_ character: Character) -> Bool {
        DisplayWidth.of(character, mode: .standard) == 2
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return String(self[..<end])
    }
}
