#if canImport(Glibc)
import Glibc
#endif

/// How wide plain-text output may be.
enum TerminalSize {
    /// The width that output of one line per item (list, search, related,
    /// backlinks) is cut to: the terminal's, or `COLUMNS`. Into a file or a
    /// pipe, with no `COLUMNS`, lines are whole: a cut path helps no `grep`.
    static func lineColumns() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = getenv("COLUMNS"), let value = Int(String(cString: text)), value > 0 { return value }
        return Int(Int32.max)
    }

    /// The width text is wrapped to: the terminal's, or `COLUMNS`, or 80.
    static func columns() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = getenv("COLUMNS"), let value = Int(String(cString: text)), value > 0 { return value }
        return 80
    }
}
