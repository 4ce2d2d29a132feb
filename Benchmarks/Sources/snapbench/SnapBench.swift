import ArgumentParser

@main
struct SnapBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapbench",
        abstract: "snapread's benchmarks; numbers go to docs/BENCHMARKS.md with the command that made them.",
        subcommands: [ParseBenchmark.self, PathologicalBenchmark.self, LinkCheck.self, SearchCheck.self, TimelineCheck.self, ThreadCheck.self]
    )
}
