/// One parsed snapshot: the article model of CONTRACT.md.
public struct Article: Sendable, Equatable {
    /// Content-derived identifier, stable across moves, line ends and encodings.
    public var id: String
    public var title: String
    /// The navigation crumbs, outermost first; the last one is the category.
    public var crumbs: [String]
    public var category: String?
    public var publishedAt: SnapshotTime?
    public var source: String?
    public var byline: String?
    public var editorNote: String?
    public var body: [BodyBlock]
    public var snapshot: SnapshotInfo
    public var related: [RelatedItem]
    /// The category named by the trailer `更多关于X的资讯:`.
    public var moreCategory: String?
    public var warnings: [String]

    public init(
        id: String, title: String, crumbs: [String] = [], category: String? = nil,
        publishedAt: SnapshotTime? = nil, source: String? = nil, byline: String? = nil,
        editorNote: String? = nil, body: [BodyBlock] = [], snapshot: SnapshotInfo = SnapshotInfo(),
        related: [RelatedItem] = [], moreCategory: String? = nil, warnings: [String] = []
    ) {
        self.id = id
        self.title = title
        self.crumbs = crumbs
        self.category = category
        self.publishedAt = publishedAt
        self.source = source
        self.byline = byline
        self.editorNote = editorNote
        self.body = body
        self.snapshot = snapshot
        self.related = related
        self.moreCategory = moreCategory
        self.warnings = warnings
    }

    /// The article's searchable text: body paragraphs and headings (image alt
    /// text repeats the title, so it is left out), one per line.
    public var bodyText: String {
        body.lazy.filter { $0.kind != .image }.map(\.text).joined(separator: "\n")
    }
}

/// One block of article text.
public struct BodyBlock: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case paragraph, heading, image
    }

    public var kind: Kind
    /// The paragraph or heading text; for an image, its alt text.
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// What the footer says about the capture.
public struct SnapshotInfo: Sendable, Equatable {
    public var site: String?
    public var capturedAt: SnapshotTime?
    public var originalURL: String?

    public init(site: String? = nil, capturedAt: SnapshotTime? = nil, originalURL: String? = nil) {
        self.site = site
        self.capturedAt = capturedAt
        self.originalURL = originalURL
    }
}

/// A related story as the snapshot lists it: a fragment of its body and its date.
public struct RelatedItem: Sendable, Equatable {
    public var title: String?
    /// The excerpt line exactly as in the file (a leading `...` kept).
    public var excerpt: String
    public var publishedAt: SnapshotTime?

    public init(title: String? = nil, excerpt: String, publishedAt: SnapshotTime?) {
        self.title = title
        self.excerpt = excerpt
        self.publishedAt = publishedAt
    }

    /// The excerpt without the `...`/`…` that marks it as cut out of a longer text.
    public var excerptCore: String {
        var text = Substring(excerpt)
        while let first = text.first, first == "." || first == "…" { text = text.dropFirst() }
        while let last = text.last, last == "." || last == "…" { text = text.dropLast() }
        return String(text)
    }
}

extension Article {
    /// The label printed before the editor's note, in the note's own script:
    /// `【編者按】` when the note holds traditional characters.
    public var editorNoteLabel: String {
        editorNote.map(ScriptFold.hasTraditional) == true ? "【編者按】" : "【编者按】"
    }
}
