import ArgumentParser
import CorpusGenerator
import SnapshotFormat

/// Parse speed over generated snapshots held in memory: MB of snapshot text per
/// second on one core, best of several rounds.
struct ParseBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Parser throughput (MB/s, one core).")

    @Option(help: "How many generated snapshots to parse per round.")
    var count = 5000

    @Option(help: "Rounds; the best is reported.")
    var rounds = 5

    func run() throws {
        let generator = CorpusGenerator(count: count, seed: 11)
        let inputs = (0..<count).map { Array(generator.snapshot($0).text.utf8) }
        let bytes = inputs.reduce(0) { $0 + $1.count }
        var best = Double.infinity
        var checksum = 0
        for _ in 0..<rounds {
            let start = threadCPU()
            for input in inputs {
                let article = try SnapshotParser.parse(bytes: input, file: "bench")
                checksum &+= article.body.count
            }
            best = min(best, threadCPU() - start)
        }
        let megabytes = Double(bytes) / 1_000_000
        print("parse: \(count) snapshots, \(format(megabytes)) MB, best of \(rounds): \(format(best * 1000)) ms CPU, \(format(megabytes / best)) MB/s (checksum \(checksum))")
    }
}
