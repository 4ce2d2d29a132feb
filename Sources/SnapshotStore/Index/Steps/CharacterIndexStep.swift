import GRDB

/// Step 7 of an update: the character index file, written from the builder
/// (filled from the text store first when the ingest step did not feed it),
/// the document table and the text store's block checksums; then the
/// database names its generation, which is what makes it current.
struct CharacterIndexStep {
    let database: DatabaseQueue
    let text: TextStore
    let path: String
    /// Where the titles' postings go (`TitleIndex`); nil writes none.
    var titlesPath: String? = nil

    /// Adds every live document's text, read back with pread, to `builder`.
    static func fill(_ builder: inout CharacterIndexBuilder, from text: TextStore, documents: [DocumentEntry?]) throws {
        var buffer: [UInt8] = []
        for (docno, entry) in documents.enumerated() {
            guard let entry else { continue }
            try text.read(offset: Int(entry.textOffset), length: Int(entry.textLength), into: &buffer)
            buffer.withUnsafeBytes { builder.add(docno: UInt32(docno), text: UnsafeRawBufferPointer(rebasing: $0[0..<Int(entry.textLength)])) }
        }
    }

    /// Writes the file and records its generation; `previous` lends the
    /// checksums of the text it already covered. Returns the generation.
    /// `builder` is emptied once its file is written: the titles' postings
    /// are built after it, in the memory it held, not beside it.
    @discardableResult
    func write(_ builder: inout CharacterIndexBuilder, table: DocumentTable, previous: CharacterIndex?) throws -> Int64 {
        let generation = UInt64.random(in: 1...UInt64(Int64.max))
        let textGeneration = try database.read { db in try IndexDatabase.meta(db, "text_generation") } ?? 0
        let sums = try TextBlockSums.make(text: text, textGeneration: textGeneration, previous: previous?.textSums)
        try CharacterIndex.write(builder: builder, documents: table.documents, listings: table.listings, textSums: sums,
                                 generation: generation, to: path)
        builder = CharacterIndexBuilder()
        Trace.mark("update: character index file written")
        if let titlesPath {
            // Before the database names the generation: a reader that finds it current finds its titles too.
            try TitleIndex.write(capacity: table.documents.count, generation: generation, to: titlesPath) { add in
                try table.listings.forEachTitle { docno, title in if docno < table.documents.count, table.documents[docno] != nil { add(docno, title) } }
            }
        }
        try database.write { db in try IndexDatabase.setMeta(db, "chars_generation", Int64(bitPattern: generation)) }
        return Int64(bitPattern: generation)
    }
}
