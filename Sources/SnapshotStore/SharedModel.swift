// The types the store and the reader both speak of (filter, article summary,
// skipped file, resolved link) live in CorpusModel; importing SnapshotStore
// keeps bringing them, so no command had to change its imports.
@_exported import CorpusModel
