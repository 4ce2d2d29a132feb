import CorpusGenerator
import Foundation
import SnapshotFormat
@testable import SnapshotStore

/// A corpus in a fresh temporary folder, with its own cache and data folders.
final class TemporaryCorpus {
    let root: String
    let corpus: String
    let locations: StoreLocations

    init(count: Int = 0, seed: UInt64 = 5, perFolder: Int = 0) throws {
        root = NSTemporaryDirectory() + "snapread-test-" + UUID().uuidString
        corpus = root + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        locations = StoreLocations(environment: [
            "HOME": root, "XDG_CACHE_HOME": root + "/cache", "SNAPREAD_DATA_DIR": root + "/data",
        ])
        if count > 0 {
            try CorpusWriter.write(CorpusGenerator(count: count, seed: seed, filesPerFolder: perFolder), to: corpus)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func library() throws -> CorpusLibrary {
        try CorpusLibrary(corpus: corpus, locations: locations)
    }

    /// A library whose lines about damaged cache files go to `reports`.
    func libraryHearingDamage() throws -> (library: CorpusLibrary, reports: Locked<[String]>) {
        let reports = Locked<[String]>([])
        let index = try CorpusIndex(corpus: corpus, locations: locations, onDamage: { line in reports.withLock { $0.append(line) } })
        return (try CorpusLibrary(index: index, userData: UserData(path: locations.userDatabase)), reports)
    }

    func write(_ path: String, _ text: String) throws {
        let full = corpus + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(atPath: corpus + "/" + path)
    }

    func move(_ from: String, _ to: String) throws {
        let target = corpus + "/" + to
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: corpus + "/" + from, toPath: target)
    }

    /// Every article of the corpus as parsed from disk, by relative path.
    func parsedArticles() throws -> [String: Article] {
        var result: [String: Article] = [:]
        let enumerator = FileManager.default.enumerator(atPath: corpus)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: corpus + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if let article = try? SnapshotParser.parse(fileAt: corpus + "/" + path) { result[path] = article }
        }
        return result
    }
}

/// A small snapshot written for tests.
func snapshotText(title: String, category: String = "国内", time: String = "2024-01-02 03:04:05", body: [String],
                  related: [(String?, String, String)] = []) -> String {
    var lines = ["• 我的订阅", "  • \(category)", "", title, "", "类别:\(category)\u{00A0}发布时间:\(time)\u{00A0}来源:测试报", ""]
    for paragraph in body { lines += [paragraph, ""] }
    lines += ["以上内容为资讯信息快照,由t.example爬虫进行采集并收录。", "", "快照生成时间:2024-06-01 00:00:00", "", "信息原文地址:", ""]
    for (relatedTitle, excerpt, date) in related {
        if let relatedTitle { lines.append(relatedTitle) }
        lines += [excerpt, date]
    }
    lines.append("更多关于\(category)的资讯:")
    return lines.joined(separator: "\n")
}
