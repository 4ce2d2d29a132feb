import SnapshotFormat

/// The diff view, full screen over the panes: which two snapshots, then the
/// title change and each paragraph added, removed or changed, the characters
/// that changed marked `[-deleted-]` and `{+inserted+}` (in the theme's
/// colours too, so the marks carry the meaning under NO_COLOR and the
/// monochrome theme), scrolled.
enum DiffView {
    static let title = " Diff · older → newer (Esc closes)"

    static func draw(_ model: ReaderModel, in rect: Rect, into screen: inout ScreenBuffer) {
        guard let state = model.diffView else { return }
        OverlayText.draw(title: title, styled: lines(state, width: rect.width), scroll: state.scroll, in: rect, into: &screen)
    }

    /// How far the view scrolls at a terminal size (the view takes all but the top and status lines).
    static func maxScroll(_ state: DiffState, width: Int, height: Int) -> Int {
        OverlayText.maxScroll(lines: lines(state, width: width).count, height: height - 2)
    }

    /// The lines below the title, for a width.
    static func lines(_ state: DiffState, width: Int) -> [StyledLine] {
        let width = max(8, width)
        var lines: [StyledLine] = [StyledLine()]
        for (label, side) in [("from ", state.from), ("to   ", state.to)] {
            lines += wrap([(label, .meta), (sideLine(side), .meta)], width: width, indent: 1, hanging: 6)
        }
        lines.append(StyledLine())
        guard let diff = state.diff else {
            let text = state.error.map { "Cannot compare them: " + $0 } ?? "comparing…"
            return lines + wrap([(text, state.error == nil ? .dim : .warning)], width: width, indent: 1)
        }
        // What kind of difference, as `snapread diff` says it on its first line.
        if let headline = diff.headline {
            lines += wrap([(headline, .warning)], width: width, indent: 1)
            lines.append(StyledLine())
        }
        if diff.isEmpty {
            return lines + wrap([(ArticleDiff.noDifferences, .dim)], width: width, indent: 1)
        }
        if diff.scriptOnly { return lines }
        let marks = diff.marksCharacters
        if let title = diff.title {
            lines.append(StyledLine([(" " + ArticleDiff.titleLabel, .heading)]))
            lines += marks ? wrap(marked(title.pieces), width: width, indent: 3) : whole(title.from, title.to, width: width)
            lines.append(StyledLine())
        }
        for block in diff.blocks {
            lines.append(StyledLine([(" " + block.label, .heading)]))
            switch block.change {
            case .changed:
                lines += marks ? wrap(marked(block.pieces), width: width, indent: 3) : whole(block.from ?? "", block.to ?? "", width: width)
            case .removed:
                lines += wrap(marked([.deleted(block.from ?? "")]), width: width, indent: 3)
            case .added:
                lines += wrap(marked([.inserted(block.to ?? "")]), width: width, indent: 3)
            }
            lines.append(StyledLine())
        }
        return lines
    }

    /// A snapshot named for the header: publish time, source, capture time, title.
    static func sideLine(_ side: DiffSide) -> String {
        var parts = [side.publishedAt?.shortString ?? "undated", side.source ?? "no source"]
        if let captured = side.capturedAt { parts.append("快照 " + captured.shortString) }
        return parts.joined(separator: " · ") + " · " + side.title
    }

    /// The old text deleted whole, then the new inserted whole (two stories:
    /// the characters they share are chance).
    static func whole(_ old: String, _ new: String, width: Int) -> [StyledLine] {
        wrap(marked([.deleted(old)]), width: width, indent: 3) + wrap(marked([.inserted(new)]), width: width, indent: 3)
    }

    /// The pieces as spans, deleted and inserted text inside their marks.
    static func marked(_ pieces: [TextDiffPiece]) -> [(String, Role)] {
        pieces.map { piece in
            switch piece {
            case .same(let text): (text, .normal)
            case .deleted(let text): ("[-" + text + "-]", .diffRemoved)
            case .inserted(let text): ("{+" + text + "+}", .diffAdded)
            }
        }
    }

    /// Lines where no mark is cut from its text: a closing `-]` or `+}` that
    /// starts a line goes back to the end of the one before, an opening `[-`
    /// or `{+` that ends a line goes on to the next (the lines were wrapped
    /// two columns short to leave room for that).
    static func keepingMarksWhole(_ wrapped: [String]) -> [String] {
        var lines = wrapped
        for index in lines.indices.dropFirst() {
            for closing in ["-]", "+}"] where lines[index].hasPrefix(closing) {
                lines[index - 1] += closing
                lines[index].removeFirst(2)
            }
            for opening in ["[-", "{+"] where lines[index - 1].hasSuffix(opening) && lines[index - 1].count > 2 {
                lines[index - 1].removeLast(2)
                lines[index] = opening + lines[index]
            }
        }
        return lines.filter { !$0.isEmpty }
    }

    /// Wraps styled spans at display width by the line-breaking rules, each
    /// character keeping its span's role; `indent` columns before the first
    /// line, `hanging` (else `indent`) before the others.
    static func wrap(_ spans: [(String, Role)], width: Int, indent: Int, hanging: Int? = nil) -> [StyledLine] {
        let text = spans.map(\.0).joined()
        var roles: [Role] = []
        for (part, role) in spans { roles += Array(repeating: role, count: part.count) }
        let characters = Array(text)
        let hanging = hanging ?? indent
        let room = max(4, width - max(indent, hanging) - 1)
        var source = 0
        var result: [StyledLine] = []
        for (number, line) in keepingMarksWhole(LineBreaker.wrap(text, width: room > 8 ? room - 2 : room)).enumerated() {
            var spans: [(String, Role)] = [(String(repeating: " ", count: number == 0 ? indent : hanging), .normal)]
            for character in line {
                // The breaker may drop a space at a break: skip to the character it kept.
                while source < characters.count, characters[source] != character { source += 1 }
                let role = source < roles.count ? roles[source] : .normal
                if let last = spans.last, last.1 == role {
                    spans[spans.count - 1].0.append(character)
                } else {
                    spans.append((String(character), role))
                }
                source += 1
            }
            result.append(StyledLine(spans))
        }
        return result
    }
}
