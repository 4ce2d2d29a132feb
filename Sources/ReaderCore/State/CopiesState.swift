import SnapshotFormat

/// The script the open article is shown in: its own, or converted through
/// OpenCC by the runtime (`.convertScript`), never on the render path.
public struct ShownScript: Equatable, Sendable {
    /// Nil: the article as its file has it.
    public var script: ScriptConverter.Script?
    /// The article converted into `script`, once the runtime answered.
    public var converted: Article?
    /// Asked for and not answered yet: the header says so.
    public var pending: ScriptConverter.Script?

    /// What `z` shows next: original → simplified → traditional → original.
    var next: ScriptConverter.Script? {
        switch pending ?? script {
        case nil: return .simplified
        case .simplified?: return .traditional
        case .traditional?: return nil
        }
    }

    /// How the article header names the state ("" for the article as it is).
    public var label: String {
        if let pending { return pending.shortName + "…" }
        return script?.shortName ?? ""
    }
}

extension ScriptConverter.Script {
    /// The script's name in its own characters, for the article header.
    public var shortName: String { self == .simplified ? "简体" : "繁體" }
}

/// One side of a diff: which snapshot, and how the diff view names it.
public struct DiffSide: Equatable, Sendable {
    public var handle: Int64
    public var title: String
    public var source: String?
    public var publishedAt: SnapshotTime?
    public var capturedAt: SnapshotTime?

    /// A side with every field given.
    public init(handle: Int64, title: String, source: String?, publishedAt: SnapshotTime?, capturedAt: SnapshotTime?) {
        self.handle = handle
        self.title = title
        self.source = source
        self.publishedAt = publishedAt
        self.capturedAt = capturedAt
    }

    /// Earlier first: by publish time, then capture time, then handle (a
    /// missing time sorts last), so the diff reads from the older to the newer.
    func isEarlier(than other: DiffSide) -> Bool {
        func key(_ time: SnapshotTime?) -> Int64 { time?.epochSeconds ?? Int64.max }
        return (key(publishedAt), key(capturedAt), handle) < (key(other.publishedAt), key(other.capturedAt), other.handle)
    }
}

/// The diff view over the panes: what changed from the older snapshot to the
/// newer, scrolled. `diff` is nil until the runtime answers `.loadDiff`.
public struct DiffState: Equatable, Sendable {
    public var from: DiffSide
    public var to: DiffSide
    public var diff: ArticleDiff?
    public var error: String?
    public var scroll = 0

    /// A diff view waiting for its answer.
    public init(from: DiffSide, to: DiffSide) {
        self.from = from
        self.to = to
    }
}
