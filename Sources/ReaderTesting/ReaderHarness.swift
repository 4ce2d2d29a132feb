import ReaderCore
import SnapshotFormat

/// The reader with a synchronous runtime over a fixture library: every read
/// is answered at once, searches run over the fixtures, writes are stored in
/// the library and answered. A test feeds keys and reads the screen without
/// threads or a terminal.
public final class ReaderHarness {
    public var model: ReaderModel
    public let library: FixtureLibrary
    /// Every effect `update` returned, reads included, in order.
    public private(set) var allEffects: [Effect] = []
    /// Related items are kept back (not answered) while set, as the runtime's worker would.
    public var holdRelated = false
    /// Searches are kept back (not answered) while set, as when the index is still being built.
    public var holdSearches = false
    /// Writes fail with this reason while set (a full disk).
    public var failWrites: String?
    public private(set) var heldRelated: [Int64] = []
    /// Script conversions are kept back (not answered) while set, as while OpenCC works.
    public var holdConversions = false
    public private(set) var heldConversions: [Effect] = []
    /// OpenCC converters, opened on first use as the runtime's worker opens them.
    private var converters: [ScriptConverter.Script: ScriptConverter] = [:]
    public private(set) var copied: [String] = []
    public private(set) var opened: [String] = []
    public private(set) var piped: [(command: String, text: String)] = []
    public private(set) var saved: [(path: String, text: String)] = []
    /// Paths `.save` finds taken (the harness writes no file): it answers `.saveExists` for them.
    public var existingFiles: Set<String> = []

    /// A reader on a fixture library at a size, started (its first reads answered).
    public init(library: FixtureLibrary = FixtureLibrary(), width: Int = 120, height: Int = 40, keymap: Keymap = .defaults) {
        self.library = library
        model = ReaderModel(corpusName: library.corpusName, keymap: keymap, width: width, height: height)
        _ = perform(Reader.start(&model))
    }

    /// Sends one message; returns the effects that are not reads (what a runtime would do beyond the library).
    @discardableResult
    public func send(_ message: Message) -> [Effect] {
        perform(Reader.update(&model, message))
    }

    /// Sends keys, one message each; returns the effects that are not reads.
    @discardableResult
    public func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { send(.key($0)) }
    }

    /// Types text, one key a character.
    public func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    /// Answers the related items kept back by `holdRelated`.
    public func releaseRelated() {
        let held = heldRelated
        heldRelated = []
        for handle in held { if let answer = library.answer(.loadRelated(handle: handle)) { send(answer) } }
    }

    /// Answers the conversions kept back by `holdConversions`, through OpenCC.
    public func releaseConversions() {
        let held = heldConversions
        heldConversions = []
        let holding = holdConversions
        holdConversions = false
        defer { holdConversions = holding }
        for effect in held { _ = perform([effect]) }
    }

    /// The screen at the model's size, as text rows.
    public var screen: String { InMemoryTerminal(width: model.width, height: model.height).text(of: model) }

    private func perform(_ effects: [Effect]) -> [Effect] {
        var external: [Effect] = []
        for effect in effects {
            allEffects.append(effect)
            switch effect {
            case .loadRelated(let handle) where holdRelated:
                heldRelated.append(handle)
            case .convertScript where holdConversions:
                heldConversions.append(effect)
            case .convertScript(let handle, let script, let article):
                do {
                    let converter = try converters[script] ?? ScriptConverter(to: script)
                    converters[script] = converter
                    external += send(.scriptConverted(handle: handle, script, converter.convert(article), error: nil))
                } catch {
                    external += send(.scriptConverted(handle: handle, script, nil, error: "\(error)"))
                }
            case .search(let query, let filter):
                external.append(effect)
                guard !holdSearches else { continue }
                external += send(.searchResults(query: query, handles: ListOrder((try? library.search(query, filter: filter)) ?? [])))
            case .write(let write):
                external.append(effect)
                if let failWrites {
                    external += send(.written(write, error: failWrites))
                    continue
                }
                switch write {
                case .bookmark(let row, let on):
                    if on { library.bookmarked.insert(row.docno) } else { library.bookmarked.remove(row.docno) }
                case .read(let handle, _, let read):
                    if read { library.read.insert(handle) } else { library.read.remove(handle) }
                case .readAll(let handles):
                    library.read.formUnion(handles)
                }
                external += send(.written(write, error: nil))
            case .copy(let text):
                copied.append(text)
                external.append(effect)
            case .openURL(let url):
                opened.append(url)
                external.append(effect)
            case .pipe(let command, let text):
                piped.append((command, text))
                external.append(effect)
            case .save(let path, let text) where existingFiles.contains(path):
                external += send(.saveExists(path: path, text: text))
            case .save(let path, let text), .overwrite(let path, let text):
                saved.append((path, text))
                existingFiles.insert(path)
                external.append(effect)
                external += send(.notice("Saved \(path)."))
            default:
                if let answer = library.answer(effect) {
                    external += send(answer)
                } else {
                    external.append(effect)
                }
            }
        }
        return external
    }

    // What tests ask most, by name.
    public var order: ListOrder { model.list.order }
    public var selected: Int { model.list.selected }
    public var document: ArticleDocument? { model.article.document }
    public var focus: Pane { model.focus }
    public var message: String? { model.message }
    public var filter: ReaderFilter { model.filter }
    public var relatedRows: [ResolvedRelatedItem] { model.related.items }
    public var backlinkRows: [ArticleSummary] { model.related.backlinks }
    public var selectedRow: ArticleSummary? { model.selectedRow }
    public var promptText: String? { model.prompt?.text }
}
