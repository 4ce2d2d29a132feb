import SnapshotFormat

/// The timeline view: the list's articles counted per period (as the library
/// counted them), the period the cursor is on, and the selected article's
/// publish time, whose period is marked.
public struct TimelineState: Equatable, Sendable {
    public var granularity: TimelineGranularity
    /// Nil until `.timelineLoaded` answers.
    public var timeline: Timeline?
    /// Why the counts could not be had, when they could not.
    public var error: String?
    /// The period the cursor is on.
    public var selected = 0
    /// The first period on screen.
    public var top = 0
    /// When the selected article was published (its period is marked).
    public var anchor: SnapshotTime?
    /// A day the cursor goes to when the counts arrive: the first day of the
    /// period it was on before the granularity changed.
    var pendingDay: Int?

    /// A timeline by `granularity`, counts not in yet.
    public init(granularity: TimelineGranularity, anchor: SnapshotTime?) {
        self.granularity = granularity
        self.anchor = anchor
    }

    /// The position of the selected article's period, if it has one.
    public var anchorPeriod: Int? {
        guard let anchor, let timeline else { return nil }
        return timeline.periodIndex(of: anchor)
    }

    /// The granularity `timeline-period` switches to.
    public var nextGranularity: TimelineGranularity {
        let all = TimelineGranularity.allCases
        let index = all.firstIndex(of: granularity) ?? 0
        return all[(index + 1) % all.count]
    }
}

/// The thread view: the stories linked to the open article within `depth`
/// links (as the library walked them), in publish order.
public struct ThreadState: Equatable, Sendable {
    /// The open article the thread is of.
    public var handle: Int64
    public var title: String
    public var depth: Int
    /// Nil while the walk runs.
    public var stories: [ThreadStory]?
    /// Why the thread could not be had, when it could not.
    public var error: String?
    public var selected = 0
    public var top = 0
    /// The story to put the cursor on when the stories arrive (kept across a change of depth).
    var pendingHandle: Int64?

    /// The thread of an article at a depth, stories not in yet.
    public init(handle: Int64, title: String, depth: Int) {
        self.handle = handle
        self.title = title
        self.depth = depth
        pendingHandle = handle
    }

    /// The depth `thread-depth` switches to: 1, 2, 3, then 1 again.
    public var nextDepth: Int { depth % ThreadState.deepest + 1 }

    /// The most links a thread in the reader follows (depth 3 is already hundreds of stories in a dense corpus).
    public static let deepest = 3
}
