import ArgumentParser
import SnapshotFormat

/// The inputs the foundation issue names: each must finish well under a second.
struct PathologicalBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pathological", abstract: "Time to parse (or refuse) hostile inputs.")

    func run() {
        let paragraph = String(repeating: "社区志愿者及时清理小区周边的垃圾,不断提高文明创建的参与度。", count: 20)
        var big = "标题\n\n类别:国内 发布时间:2024-01-01 00:00:00 来源:测试\n\n"
        while big.utf8.count < 5_000_000 { big += paragraph + "\n\n" }
        let cases: [(String, [UInt8])] = [
            ("5 MB snapshot", Array(big.utf8)),
            ("one line of 2,000,000 characters", Array(("标题\n\n类别:国内\n\n" + String(repeating: "长", count: 2_000_000)).utf8)),
            ("100,000 blank lines", Array(("标题\n类别:国内\n" + String(repeating: "\n", count: 100_000)).utf8)),
            ("2,000,000 characters, no structure", Array(String(repeating: "长", count: 2_000_000).utf8)),
        ]
        for (name, bytes) in cases {
            let start = now()
            let outcome: String
            do {
                let article = try SnapshotParser.parse(bytes: bytes, file: name)
                outcome = "parsed, \(article.body.count) blocks"
            } catch {
                outcome = "refused: \(error.problem.message)"
            }
            print("\(name): \(format((now() - start) * 1000)) ms (\(outcome))")
        }
    }
}
