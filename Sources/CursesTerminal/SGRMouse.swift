import CNcursesw
import Glibc
import ReaderCore

/// Mouse reports in the SGR encoding (xterm's mode 1006), decoded here for
/// terminals whose terminfo entry does not tell ncurses about it: a report is
/// `ESC [ < button ; column ; row M` (`m` on release), in decimal, so any
/// column can be named; X10 reports stop at column 223.
enum SGRMouse {

    static let enable = "\u{1B}[?1006h"
    static let disable = "\u{1B}[?1006l"

    /// Whether ncurses handles SGR reports itself (terminfo's `XM` names 1006).
    static func terminfoHasSGR() -> Bool {
        guard let capability = tigetstr("XM"), Int(bitPattern: capability) != -1 else { return false }
        return String(cString: capability).contains("1006")
    }

    /// Makes ncurses hand over a report's opening `ESC [ <` as a key code of
    /// our own (above KEY_MAX, one no terminfo key holds); the rest of the
    /// report is read after it. Returns that code.
    static func defineKey() -> Int32 {
        let existing = key_defined("\u{1B}[<")
        if existing > 0 { return existing }
        var code: Int32 = 0x3E8
        while let bound = keybound(code, 0) {
            free(bound)
            code += 1
        }
        define_key("\u{1B}[<", code)
        return code
    }

    /// What followed an ESC that curses handed over alone.
    enum AfterEscape {
        /// A report whose `[<` came after curses stopped waiting (its
        /// escape delay, 25 ms, passes on a loaded machine or a slow link);
        /// the event, or nil for one that is no key (a release).
        case report(Key?)
        /// Anything else: what was read is put back, and the ESC is Escape.
        case notAReport
    }

    /// Looks, for up to 50 ms, for the `[<` of a report after a lone ESC.
    /// Without it, a press and its release that reach the program slowly
    /// became Escape, `[` (previous unread), `<`, digits (a count) and `m`
    /// (mark read).
    static func afterLoneEscape() -> AfterEscape {
        timeout(50)
        var first: wint_t = 0
        let firstResult = get_wch(&first)
        if firstResult == ERR { return .notAReport }
        guard firstResult != KEY_CODE_YES, first == 0x5B else {
            putBack(first, isCode: firstResult == KEY_CODE_YES)
            return .notAReport
        }
        var second: wint_t = 0
        let secondResult = get_wch(&second)
        guard secondResult != ERR else {
            putBack(first, isCode: false)
            return .notAReport
        }
        guard secondResult != KEY_CODE_YES, second == 0x3C else {
            // Put back in reverse: the last one read comes out last.
            putBack(second, isCode: secondResult == KEY_CODE_YES)
            putBack(first, isCode: false)
            return .notAReport
        }
        return .report(readReport())
    }

    private static func putBack(_ value: wint_t, isCode: Bool) {
        if isCode { ungetch(Int32(value)) } else { unget_wch(wchar_t(value)) }
    }

    /// Reads the rest of a report (`0;245;12M`) that follows `ESC [ <`.
    static func readReport() -> Key? {
        var body = ""
        timeout(50)
        while body.count < 24 {
            var value: wint_t = 0
            let result = get_wch(&value)
            guard result != ERR, result != KEY_CODE_YES, let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
            if scalar == "M" || scalar == "m" { return decode(body, released: scalar == "m").map(Key.mouse) }
            body.unicodeScalars.append(scalar)
        }
        return nil
    }

    /// `button;column;row`, both counted from 1, into an event at 0-based
    /// cells. Presses of the first button and the wheel count; releases,
    /// motion and the other buttons do not.
    static func decode(_ body: String, released: Bool) -> MouseEvent? {
        let fields = body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard fields.count == 3, let button = fields[0], let column = fields[1], let row = fields[2],
              column >= 1, row >= 1, !released else { return nil }
        // The low bits name the button; 4, 8 and 16 are Shift, Alt and Ctrl; 32 motion.
        guard button & 32 == 0 else { return nil }
        let kind: MouseEvent.Kind
        switch button & ~(4 | 8 | 16) {
        case 0: kind = .press
        case 64: kind = .wheelUp
        case 65: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(kind: kind, x: column - 1, y: row - 1)
    }
}
