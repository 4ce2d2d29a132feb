import ArgumentParser
import CorpusGenerator

/// `snapgen DIR --count N`: writes a synthetic corpus in the snapshot format.
struct SnapGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapgen",
        abstract: "Write N synthetic news snapshots, for tests and benchmarks.",
        discussion: """
        Examples:
          snapgen /tmp/corpus --count 100000 --per-folder 1000 --truth /tmp/corpus.truth.tsv
          snapgen /tmp/copies --count 2000 --copies 800 --decoys 100 --copies-truth /tmp/copies.truth.json
        """
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

    @Option(help: "Plant this many copies of the stories (re-crawls, reposts, edits, the other script, edits in the other script, taking turns).")
    var copies = 0

    @Option(help: "Plant this many decoys of each kind (a shared boilerplate paragraph; the column title 每日新闻速览).")
    var decoys = 0

    @Option(help: "Plant this many wire briefs: a few dozen characters each under one long notice they all carry.")
    var briefs = 0

    @Option(name: .customLong("copies-truth"), help: "Write which files are copies of which story, and which block each edit rewrote, to this JSON file.")
    var copiesTruth: String?

    func run() throws {
        let generator = CorpusGenerator(count: count, seed: seed, outsidePercent: outside, filesPerFolder: perFolder)
        try CorpusWriter.write(generator, to: directory, truthFile: truth)
        if copies > 0 || decoys > 0 || briefs > 0 || copiesTruth != nil {
            try CopyPlanter(base: generator, copies: copies, decoys: decoys, briefs: briefs).write(to: directory, truthFile: copiesTruth)
        }
    }
}

SnapGen.main()
