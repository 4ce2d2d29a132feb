/// The thread view: the stories linked to the open article, moving through
/// them, changing the depth, and Enter opening one along the trail.
extension ReaderModel {
    /// How many links a thread follows when it opens.
    static let firstThreadDepth = 2

    mutating func openThread() -> [Effect] {
        guard let document = article.document else {
            message = article.wanted != nil ? "The article is still opening." : "No article open: a thread is of the open article."
            return []
        }
        let state = ThreadState(handle: document.handle, title: document.article.title, depth: Self.firstThreadDepth)
        modal = .thread(state)
        return [.loadThread(handle: state.handle, depth: state.depth)]
    }

    /// The stories arrived: the cursor goes to the story it was on, else the open article.
    mutating func threadArrived(handle: Int64, depth: Int, stories: [ThreadStory], error: String?) -> [Effect] {
        guard case .thread(var state)? = modal, state.handle == handle, state.depth == depth else { return [] }
        state.stories = stories
        state.error = error
        let wanted = state.pendingHandle ?? handle
        state.selected = stories.firstIndex { $0.article.docno == wanted } ?? stories.firstIndex { $0.depth == 0 } ?? 0
        state.pendingHandle = nil
        modal = .thread(state)
        return []
    }

    mutating func handleThread(_ key: Key, _ state: ThreadState) -> [Effect] {
        var state = state
        let action = keymap.action(for: key, in: .thread)
        if let moved = Self.movedCursor(state.selected, by: action, count: state.stories?.count ?? 0, page: ThreadView.bodyHeight(self) - 1) {
            state.selected = moved
            modal = .thread(state)
            return []
        }
        switch action {
        case .close?, .thread?:
            modal = nil
            return []
        case .quit?: return [.quit]
        case .threadDepth?:
            if let stories = state.stories, stories.indices.contains(state.selected) { state.pendingHandle = stories[state.selected].article.docno }
            state.depth = state.nextDepth
            state.stories = nil
            state.error = nil
            modal = .thread(state)
            return [.loadThread(handle: state.handle, depth: state.depth)]
        case .open?:
            guard let stories = state.stories, stories.indices.contains(state.selected) else { return [] }
            modal = nil
            let story = stories[state.selected]
            // The open article itself: nothing to follow.
            guard story.article.docno != state.handle else { return [] }
            // As following a related item does: the trail grows, the story opens where it can be read.
            let effects = follow(to: story.article.docno)
            if focus == .list { focus = .article }
            return effects
        default:
            message = "\(key.name) is not bound in the thread; ? in the panes shows the keys"
        }
        modal = .thread(state)
        return []
    }
}
