import ArgumentParser
import CorpusGenerator

/// `snapgen DIR --count N`: writes a synthetic corpus in the snapshot format.
struct SnapGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapgen",
        abstract: "Write N synthetic news snapshots, for tests and benchmarks.",
        discussion: "Example: snapgen /tmp/corpus --count 100000 --per-folder 1000 --truth /tmp/corpus.truth.tsv"
    )

    @Argument(help: "The folder to write into (created if missing).")
    var directory: String

    @Option(help: "How many snapshots.")
    var count = 1000

    @Option(help: "The seed; the same seed gives the same corpus.")
    var seed: UInt64 = 1

    @Option(help: "Percentage of related items that point outside the corpus.")
    var outside = 20

    @Option(name: .customLong("per-folder"), help: "Files per subfolder (0: all at the top level).")
    var perFolder = 0

    @Option(help: "Write the true target of every related item to this TSV file.")
    var truth: String?

    func run() throws {
        let generator = CorpusGenerator(count: count, seed: seed, outsidePercent: outside, filesPerFolder: perFolder)
        try CorpusWriter.write(generator, to: directory, truthFile: truth)
    }
}

SnapGen.main()
