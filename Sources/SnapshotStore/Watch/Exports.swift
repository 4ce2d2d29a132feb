// The watcher and its client live in their own module (CorpusWatch), which
// imports no Foundation so that the watcher process stays small; users of
// SnapshotStore see them as part of the store.
@_exported import CorpusWatch
