import SnapshotFormat

/// Copies of a story: one row a story, the other snapshots, the diff view,
/// and the open article shown in the other script.
extension ReaderModel {
    /// `O`: one row a story (the first published of its snapshots), or every row again.
    mutating func toggleDistinct() -> [Effect] {
        filter.distinct.toggle()
        message = filter.distinct ? "One snapshot a story (the first published); O again: all." : "Every snapshot listed."
        return applyFilter()
    }

    /// The other snapshots of the open story arrived: they head the related
    /// pane, and a block after the article's meta line names them.
    mutating func copiesArrived(_ handle: Int64, _ copies: [CopySummary]) -> [Effect] {
        guard article.document?.handle == handle else { return [] }
        if related.copiesLoaded, related.copies != copies { keepRelatedSelection(newCopies: copies) }
        related.copies = copies
        related.copiesLoaded = true
        // The scroll it arrived with was taken with the block above the text.
        if let scroll = article.arrivalScroll, !copies.isEmpty { article.scroll = max(article.scroll, scroll) }
        article.arrivalScroll = nil
        return []
    }

    /// The copies changed under an open article (the index reloaded): the
    /// selection stays on the entry it was on, as the copies head the list.
    private mutating func keepRelatedSelection(newCopies copies: [CopySummary]) {
        let old = related.copies
        if related.selected >= old.count {
            related.selected += copies.count - old.count
        } else if let kept = copies.firstIndex(where: { $0.docno == old[related.selected].docno }) {
            related.selected = kept
        } else {
            related.selected = min(related.selected, max(0, copies.count - 1))
        }
        related.selected = max(0, min(related.selected, copies.count + related.items.count + related.backlinks.count - 1))
        related.top = min(related.top, related.selected)
    }

    /// The block the article's head lists the other snapshots in, for a pane
    /// `bodyHeight` rows high; nil when the story has no other snapshot.
    func copiesBlock(bodyHeight: Int) -> CopiesBlock? {
        guard !related.copies.isEmpty else { return nil }
        let relatedKey = (keymap.keys(for: .focusRelated, in: .article).first ?? keymap.keys(for: .nextPane, in: .article).first)?.name
        return CopiesBlock(copies: related.copies, shown: CopiesBlock.shown(forBodyHeight: bodyHeight), relatedKey: relatedKey,
                           diffKey: keymap.keys(for: .diff, in: .article).first?.name, openTitle: article.document?.article.title)
    }

    /// The open snapshot as one side of a diff.
    var openDiffSide: DiffSide? {
        guard let document = article.document else { return nil }
        let shown = document.article
        return DiffSide(handle: document.handle, title: shown.title, source: shown.source, publishedAt: shown.publishedAt,
                        capturedAt: shown.snapshot.capturedAt)
    }

    /// `D`: the diff view between the open snapshot and the copy selected in
    /// the related pane (else the first other snapshot), older side first.
    mutating func openDiff() -> [Effect] {
        guard let here = openDiffSide else {
            message = "No article open to compare."
            return []
        }
        guard !related.copies.isEmpty else {
            message = "This story has no other snapshot to compare with."
            return []
        }
        let copy = focus == .related && related.isCopy(related.selected) ? related.copies[related.selected] : related.copies[0]
        let other = DiffSide(handle: copy.docno, title: copy.title, source: copy.source, publishedAt: copy.publishedAt, capturedAt: copy.capturedAt)
        let (from, to) = here.isEarlier(than: other) ? (here, other) : (other, here)
        modal = .diff(DiffState(from: from, to: to))
        return [.loadDiff(from: from.handle, to: to.handle)]
    }

    mutating func diffArrived(from: Int64, to: Int64, _ diff: ArticleDiff?, error: String?) -> [Effect] {
        guard var state = diffView, state.from.handle == from, state.to.handle == to else { return [] }
        state.diff = diff
        state.error = diff == nil ? (error ?? "unreadable") : nil
        modal = .diff(state)
        return []
    }

    /// Keys in the diff view: scroll, or close (Esc, q, or the diff key again).
    mutating func handleDiff(_ key: Key, _ state: DiffState) -> [Effect] {
        var state = state
        let page = max(1, height - 4)
        if keymap.action(for: key, in: context) == .diff {
            modal = nil
            return []
        }
        switch keymap.action(for: key, in: .help) {
        case .close?, .help?:
            modal = nil
            return []
        case .quit?: return [.quit]
        case .moveDown?: state.scroll += 1
        case .moveUp?: state.scroll = max(0, state.scroll - 1)
        case .pageDown?: state.scroll += page
        case .pageUp?: state.scroll = max(0, state.scroll - page)
        case .halfPageDown?: state.scroll += max(1, page / 2)
        case .halfPageUp?: state.scroll = max(0, state.scroll - max(1, page / 2))
        case .top?: state.scroll = 0
        case .bottom?: state.scroll = Int.max / 2
        default:
            message = "In the diff: j/k scroll, Esc closes."
        }
        modal = .diff(state)
        return []
    }

    /// `z`: the open article in simplified, then traditional, then as its file
    /// has it. OpenCC runs in the runtime; the header says "…" until it answers.
    mutating func cycleScript() -> [Effect] {
        guard let document = article.document else {
            message = "No article open to convert."
            return []
        }
        guard let next = article.script.next else {
            article.script = ShownScript()
            message = "Shown as its file has it."
            return []
        }
        article.script.pending = next
        return [.convertScript(handle: document.handle, next, document.article)]
    }

    mutating func scriptArrived(_ handle: Int64, _ script: ScriptConverter.Script, _ converted: Article?, error: String?) -> [Effect] {
        guard article.document?.handle == handle, article.script.pending == script else { return [] }
        article.script.pending = nil
        guard let converted else {
            message = "Cannot show it in \(script.rawValue): \(error ?? "OpenCC failed")"
            return []
        }
        article.script.script = script
        article.script.converted = converted
        message = "Shown in \(script.rawValue) characters (OpenCC)."
        return []
    }
}
