import Foundation
import SnapshotFormat
import Testing
@testable import SnapshotStore

@Suite struct UserDataTests {
    @Test func bookmarksSurviveMovesRecrawlsAndADeletedIndex() throws {
        let corpus = try TemporaryCorpus()
        let text = snapshotText(title: "值得收藏的文章", body: ["内容。"])
        try corpus.write("a/story.txt", text)
        try corpus.write("other.txt", snapshotText(title: "别的文章", body: ["别的内容。"]))
        var library = try corpus.library()
        try library.index.update()
        let article = try SnapshotParser.parse(fileAt: corpus.corpus + "/a/story.txt")
        try library.userData.addBookmark(Bookmark(articleID: article.id, title: article.title, corpus: library.index.root,
                                                  path: "a/story.txt", category: article.category, published: article.publishedAt?.epochSeconds))
        try library.userData.setRead(article.id, true)
        #expect(try library.list(filter: ArticleFilter(bookmarked: true)).map(\.path) == ["a/story.txt"])

        // Moved and re-crawled (CRLF, new capture time), and the index deleted.
        try corpus.remove("a/story.txt")
        try corpus.write("b/renamed.txt", text.replacingOccurrences(of: "\n", with: "\r\n")
            .replacingOccurrences(of: "2024-06-01 00:00:00", with: "2024-09-09 09:09:09"))
        try FileManager.default.removeItem(atPath: corpus.root + "/cache")
        library = try corpus.library()
        try library.index.update()
        let bookmarked = try library.list(filter: ArticleFilter(bookmarked: true))
        #expect(bookmarked.map(\.path) == ["b/renamed.txt"])
        #expect(bookmarked.first?.bookmarked == true)
        #expect(bookmarked.first?.read == true)
        #expect(try library.list(filter: ArticleFilter(unread: true)).map(\.path) == ["other.txt"])
        #expect(try library.userData.bookmarks().map(\.title) == ["值得收藏的文章"])
    }

    @Test func readStateAndRemoval() throws {
        let corpus = try TemporaryCorpus()
        let userData = UserData(path: corpus.locations.userDatabase)
        try userData.setRead("abc", true)
        #expect(try userData.isRead("abc"))
        try userData.setRead("abc", false)
        #expect(try !userData.isRead("abc"))
        try userData.addBookmark(Bookmark(articleID: "x", title: "t", corpus: "/c", path: "p.txt", category: nil, published: nil))
        #expect(try userData.removeBookmark(corpus: "/c", path: "p.txt"))
        #expect(try !userData.removeBookmark(articleID: "x"))
    }

    @Test func categoriesAndFilters() throws {
        let corpus = try TemporaryCorpus()
        try corpus.write("1.txt", snapshotText(title: "一", category: "国内", time: "2024-01-01 00:00:00", body: ["甲。"]))
        try corpus.write("2.txt", snapshotText(title: "二", category: "国内", time: "2024-02-01 00:00:00", body: ["乙。"]))
        try corpus.write("3.txt", snapshotText(title: "三", category: "财经", time: "2024-03-01 00:00:00", body: ["丙。"]))
        let library = try corpus.library()
        try library.index.update()
        #expect(try library.categories() == [CategoryCount(name: "国内", count: 2), CategoryCount(name: "财经", count: 1)])
        #expect(try library.list().map(\.path) == ["3.txt", "2.txt", "1.txt"])
        #expect(try library.list(filter: ArticleFilter(categories: ["国内", "财经"]), limit: 2).map(\.path) == ["3.txt", "2.txt"])
        #expect(try library.list(filter: ArticleFilter(until: SnapshotTime(parsing: "2024-01-31"))).map(\.path) == ["1.txt"])
        #expect(try library.list(filter: ArticleFilter(since: SnapshotTime(parsing: "2024-02-01"), until: SnapshotTime(parsing: "2024-02-01"))).map(\.path) == ["2.txt"])
    }
}
