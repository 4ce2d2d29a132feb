import SnapshotFormat

/// An open article as text for `|` (pipe) and save: plain text, or Markdown.
/// Either way its control characters are stand-ins (`TerminalText`, line
/// feeds and tabs kept): the text goes to a command that may print it, or
/// into a file a later `cat` prints, and a snapshot's ESC, BEL or OSC 52
/// must not reach a terminal through them.
public enum ArticleExport {
    /// Title, meta line, body paragraphs, and where it came from.
    public static func plainText(_ document: ArticleDocument) -> String {
        let article = document.article
        var out = article.title + "\n"
        let meta = [article.category, article.publishedAt?.shortString, article.source, article.byline].compactMap { $0 }
        if !meta.isEmpty { out += meta.joined(separator: " · ") + "\n" }
        if let note = article.editorNote { out += "\n" + article.editorNoteLabel + note + "\n" }
        for block in article.body {
            switch block.kind {
            case .paragraph, .heading: out += "\n" + block.text + "\n"
            case .image: out += "\n[图片: " + block.text + "]\n"
            }
        }
        out += "\n" + (article.snapshot.originalURL ?? document.path) + "\n"
        return TerminalText.visible(out, in: .lines)
    }

    /// The same as Markdown: a heading, the meta line in italics, sub-headings as `##`, a link to the original.
    public static func markdown(_ document: ArticleDocument) -> String {
        let article = document.article
        var out = "# " + article.title + "\n"
        let meta = [article.category, article.publishedAt?.shortString, article.source, article.byline].compactMap { $0 }
        if !meta.isEmpty { out += "\n*" + meta.joined(separator: " · ") + "*\n" }
        if let note = article.editorNote { out += "\n> " + article.editorNoteLabel + note + "\n" }
        for block in article.body {
            switch block.kind {
            case .paragraph: out += "\n" + block.text + "\n"
            case .heading: out += "\n## " + block.text + "\n"
            case .image: out += "\n*[图片: " + block.text + "]*\n"
            }
        }
        if let url = article.snapshot.originalURL {
            out += "\n[原文](" + url + ")\n"
        } else {
            out += "\n" + document.path + "\n"
        }
        return TerminalText.visible(out, in: .lines)
    }
}
