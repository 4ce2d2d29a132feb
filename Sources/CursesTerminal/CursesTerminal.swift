import CNcursesw
import CSystemSupport
import Glibc
import ReaderCore

/// The one place that talks to ncursesw: draws a `ScreenBuffer` and decodes
/// `get_wch` into `Key`s. Call it from one thread only. The shim's signal
/// state lives in each file that calls it: keep those calls in this file.
public final class CursesTerminal {
    private var started = false
    /// Whether this program switched the terminal to SGR mouse reports
    /// itself (ncurses does it only when terminfo's XM names 1006).
    private var sgrMouseByHand = false
    /// The key code ncurses gives for the opening of an SGR report then.
    private var sgrKeyCode: Int32?
    /// How wide the terminal draws Ambiguous characters: curses is told too.
    public private(set) var widthMode = WidthMode.standard
    private var pairs: [Role: Int16] = [:]
    private var attributes: [Role: attr_t] = [:]
    /// The frame last drawn, to see where wide characters moved.
    private var lastFrame: ScreenBuffer?
    public private(set) var theme: Theme

    public init(theme: Theme = .dark) {
        self.theme = theme
    }

    /// Enters curses mode: raw keys (Ctrl-C, Ctrl-Z and Ctrl-O arrive as keys),
    /// no echo, keypad decoding, hidden cursor, colors from the theme.
    /// `widthMode` (by default the one in force) is how wide the terminal
    /// draws East Asian Ambiguous characters; curses then counts them so too,
    /// so that its cursor and the terminal's stay on the same column.
    public func start(widthMode: WidthMode = .current) {
        self.widthMode = widthMode
        if widthMode.ambiguousColumns == 2 {
            snapread_set_wide_characters { DisplayWidth.isAmbiguous(Unicode.Scalar($0) ?? " ") ? 1 : 0 }
        } else {
            snapread_set_wide_characters(nil)
        }
        if setlocale(LC_ALL, "") == nil || !CursesTerminal.localeIsUTF8() {
            // Without a UTF-8 codeset Chinese comes out as garbage.
            setlocale(LC_ALL, "C.UTF-8")
        }
        // What a crash puts back: the modes the terminal had before curses.
        snapread_save_terminal_modes()
        initscr()
        started = true
        raw()
        noecho()
        nonl()
        keypad(snapread_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        applyTheme(theme)
        snapread_prepare_crash_reset()
        snapread_set_curses_active(1)
        snapread_install_signal_handlers()
    }

    /// Leaves curses mode; safe to call twice.
    public func stop() {
        guard started else { return }
        // A later program that turns the mouse on expects the old encoding.
        if sgrMouseByHand { writeRaw(SGRMouse.disable) }
        snapread_set_curses_active(0)
        endwin()
        started = false
    }

    /// From now on SIGINT, SIGTERM, SIGHUP and SIGQUIT no longer end the
    /// process: each writes its number as one byte to `descriptor` (the
    /// write end of a non-blocking pipe), for the main loop to leave the way
    /// `q` does and then call `endWithSignal`. The crash signals still
    /// restore the terminal and end the process at once.
    public static func forwardTerminationSignals(to descriptor: Int32) {
        snapread_forward_signals_to(descriptor)
    }

    /// Ends the process as `signal` would have without a handler (the exit
    /// status a shell shows as 128 + the number); call once the terminal is
    /// restored and everything is written.
    public static func endWithSignal(_ signal: Int32) -> Never {
        snapread_end_with_signal(signal)
        // Only if the signal is ignored by the parent's choice and cannot be raised.
        exit(128 + signal)
    }

    public var size: (width: Int, height: Int) {
        (Int(snapread_cols()), Int(snapread_lines()))
    }

    /// Reads the terminal's size from the kernel and, when curses has not
    /// seen it yet, resizes curses to it; true when it did. ncurses notices a
    /// resize only when SIGWINCH interrupts its own wait or a refresh finds
    /// the signal's flag: a SIGWINCH caught by another thread, or arriving
    /// between our look at the keyboard and our wait, left the old size on
    /// screen until the next key. The loop asks this at every turn.
    public func adoptKernelSize() -> Bool {
        guard started else { return false }
        var kernel = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &kernel) == 0, kernel.ws_row > 0, kernel.ws_col > 0 else { return false }
        let (width, height) = size
        guard Int(kernel.ws_col) != width || Int(kernel.ws_row) != height else { return false }
        resizeterm(Int32(kernel.ws_row), Int32(kernel.ws_col))
        return true
    }

    public func applyTheme(_ theme: Theme) {
        self.theme = theme
        pairs = [:]
        attributes = [:]
        // no-color.org: set and not empty turns colors off.
        let colors = has_colors() && (getenv("NO_COLOR").map { $0.pointee == 0 } ?? true)
        if colors {
            start_color()
            use_default_colors()
        }
        var next: Int16 = 1
        for role in Role.allCases {
            let style = theme.style(for: role)
            var attribute = snapread_a_normal()
            if style.bold { attribute |= snapread_a_bold() }
            if style.dim { attribute |= snapread_a_dim() }
            if style.underline { attribute |= snapread_a_underline() }
            if style.italic { attribute |= snapread_a_italic() }
            if style.reverse { attribute |= snapread_a_reverse() }
            if colors {
                let foreground = CursesTerminal.colorNumber(style.foreground)
                let background = CursesTerminal.colorNumber(style.background)
                if foreground >= 0 || background >= 0 {
                    init_pair(next, foreground, background)
                    pairs[role] = next
                    next += 1
                }
            } else if role == .selection || role == .paneTitleFocused || role == .status || role == .topBar
                        || role == .statusMessage || role == .searchHit || role == .selectionInactive {
                // Monochrome: what colors marked must still show.
                attribute |= snapread_a_reverse()
            }
            attributes[role] = attribute
        }
    }

    /// The curses color for a theme color, within what the terminal has.
    static func colorNumber(_ color: TerminalColor) -> Int16 {
        let available = Int(snapread_colors())
        switch color {
        case .terminalDefault: return -1
        case .ansi(let n): return Int16(n < available ? n : n % 8)
        case .palette(let n): return Int16(n < available ? n : Palette.nearestBasic(n))
        case .rgb(let r, let g, let b):
            if available >= 256 { return Int16(Palette.nearest256(r, g, b)) }
            return Int16(Palette.nearestBasic(Palette.nearest256(r, g, b)))
        }
    }

    /// Draws the whole buffer; curses sends only what changed.
    ///
    /// The redraw rule: what an incremental redraw leaves must be what a full
    /// redraw draws. Where a double-width character now starts or ends at a
    /// column where the last frame had the other half of one (a popup's edge
    /// cut a Chinese character, and the popup closed), curses's diff and the
    /// terminal disagree about the cells (the terminal had already blanked the
    /// whole character when half of it was overwritten) and one character is
    /// lost until Ctrl-L. Those rows are repainted whole; a new size repaints
    /// everything.
    public func draw(_ screen: ScreenBuffer) {
        let (width, height) = size
        if let previous = lastFrame, previous.width == screen.width, previous.height == screen.height {
            for y in 0..<min(height, screen.height) where CursesTerminal.wideCellsMoved(previous, screen, row: y) {
                wredrawln(snapread_stdscr(), Int32(y), 1)
            }
        } else if lastFrame != nil {
            clearok(snapread_stdscr(), true)
        }
        lastFrame = screen
        for y in 0..<min(height, screen.height) {
            var x = 0
            while x < min(width, screen.width) {
                let role = screen[x, y].role
                let start = x
                var characters: [wchar_t] = []
                while x < min(width, screen.width), screen[x, y].role == role {
                    let cell = screen[x, y]
                    if !cell.isContinuation {
                        for scalar in cell.text.unicodeScalars { characters.append(wchar_t(bitPattern: scalar.value)) }
                    }
                    x += 1
                }
                characters.append(0)
                var attribute = attributes[role] ?? snapread_a_normal()
                if let pair = pairs[role] { attribute |= attr_t(bitPattern: snapread_color_pair(Int32(pair))) }
                attrset(Int32(bitPattern: attribute))
                _ = characters.withUnsafeBufferPointer { mvaddwstr(Int32(y), Int32(start), $0.baseAddress) }
            }
        }
        attrset(Int32(bitPattern: snapread_a_normal()))
        refresh()
    }

    /// Forgets what is on the screen so the next draw repaints everything.
    public func invalidate() {
        clearok(snapread_stdscr(), true)
    }

    /// Whether a row's wide characters sit differently in two frames: a cell
    /// that is half of a wide character in one and not the same half in the other.
    static func wideCellsMoved(_ old: ScreenBuffer, _ new: ScreenBuffer, row y: Int) -> Bool {
        for x in 0..<new.width {
            let before = old[x, y], after = new[x, y]
            if before.isContinuation != after.isContinuation { return true }
            if !after.isContinuation, before.text != after.text,
               (DisplayWidth.of(before.text) == 2) != (DisplayWidth.of(after.text) == 2) { return true }
        }
        return false
    }

    /// Waits up to `milliseconds` for a key, or until `wake` can be read
    /// (what was written to it is read off), or until `signals` can (left
    /// for its owner to read); nil when no key came.
    public func readKey(timeoutMilliseconds milliseconds: Int32, wake: Int32, signals: Int32 = -1) -> Key? {
        // Keys curses has already read come first: the descriptor would not show them.
        if let key = readKey(timeoutMilliseconds: 0) { return key }
        // poll skips a negative descriptor.
        var waiting = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
        // A resize interrupts the wait; curses then reports it as a key.
        if poll(&waiting, 3, milliseconds) > 0, waiting[1].revents != 0 {
            var bytes = [UInt8](repeating: 0, count: 256)
            while read(wake, &bytes, bytes.count) > 0 {}
        }
        return readKey(timeoutMilliseconds: 0)
    }

    /// Waits up to `milliseconds` for a key; nil on timeout.
    public func readKey(timeoutMilliseconds milliseconds: Int32) -> Key? {
        timeout(milliseconds)
        var value: wint_t = 0
        let result = get_wch(&value)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            if let sgrKeyCode, Int32(value) == sgrKeyCode { return SGRMouse.readReport() }
            return CursesTerminal.key(code: Int32(value))
        }
        if value == 27, sgrKeyCode != nil, case .report(let key) = SGRMouse.afterLoneEscape() { return key }
        return CursesTerminal.key(character: UInt32(value))
    }

    static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_DC: return .delete
        case KEY_RESIZE: return .resize
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = mmask_t(event.bstate)
            if state & snapread_wheel_up() != 0 { return .mouse(MouseEvent(kind: .wheelUp, x: Int(event.x), y: Int(event.y))) }
            if state & snapread_wheel_down() != 0 { return .mouse(MouseEvent(kind: .wheelDown, x: Int(event.x), y: Int(event.y))) }
            if state & snapread_button1() != 0 { return .mouse(MouseEvent(kind: .press, x: Int(event.x), y: Int(event.y))) }
            return nil
        default:
            for n in 1...12 where code == snapread_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    static func key(character value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return Unicode.Scalar(value + 96).map { .control(Character($0)) }
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Writes bytes straight to the terminal (an OSC sequence), then lets
    /// curses carry on.
    public func writeRaw(_ text: String) {
        fflush(nil)
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress, $0.count) }
    }

    /// Comes back after `stop()` (a program that took the terminal has ended).
    public func resume() {
        refresh()
        if sgrMouseByHand { writeRaw(SGRMouse.enable) }
        invalidate()
        started = true
        snapread_set_curses_active(1)
    }

    /// Reports clicks and the wheel as `Key.mouse`, in the SGR encoding
    /// (mode 1006) where the terminal has it: the old X10 encoding cannot
    /// name a column past 223. ncurses asks for SGR itself when terminfo's
    /// `XM` names 1006 (xterm); otherwise (tmux-256color, screen) this asks
    /// the terminal for it and decodes the reports, and a terminal without it
    /// goes on sending X10 reports, which ncurses decodes as before.
    public func enableMouse(_ on: Bool) {
        mousemask(on ? snapread_mouse_mask() : 0, nil)
        mouseinterval(0)
        let native = SGRMouse.terminfoHasSGR()
        if on, !native {
            sgrKeyCode = SGRMouse.defineKey()
            writeRaw(SGRMouse.enable)
            sgrMouseByHand = true
        } else if sgrMouseByHand {
            writeRaw(SGRMouse.disable)
            sgrMouseByHand = false
        }
    }

    /// Ctrl-Z: give the terminal back, stop, and redraw on `fg`.
    public func suspend() {
        if sgrMouseByHand { writeRaw(SGRMouse.disable) }
        snapread_set_curses_active(0)
        endwin()
        kill(getpid(), SIGTSTP)
        refresh()
        if sgrMouseByHand { writeRaw(SGRMouse.enable) }
        invalidate()
        snapread_set_curses_active(1)
    }

    static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}

/// Nearest colors for terminals with fewer colors than the theme asks for.
enum Palette {
    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        return 16 + 36 * level(r) + 6 * level(g) + level(b)
    }

    /// A 256-palette index reduced to the 8 basic colors.
    static func nearestBasic(_ index: Int) -> Int {
        if index < 16 { return index % 8 }
        if index >= 232 { return index < 244 ? 0 : 7 }
        let cube = index - 16
        let r = cube / 36, g = (cube / 6) % 6, b = cube % 6
        return (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0)
    }
}
