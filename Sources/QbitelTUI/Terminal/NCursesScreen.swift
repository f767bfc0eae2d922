import CNCurses
import Foundation
import QbitelEngine

/// The only code that talks to ncurses: it opens the terminal, copies changed cells of a `CellGrid` to the screen,
/// reads keys and mouse events, and restores the terminal. Views never see it.
public final class NCursesScreen {
    private var screen: OpaquePointer?
    private var previous: CellGrid?
    private var pairs: [UInt32: Int16] = [:]
    private var nextPair: Int32 = 1
    private var maxPairs: Int32 = 0
    private let colorsAvailable: Int
    public private(set) var isOpen = false

    /// Opens stdin/stdout as the terminal. Throws 9008 when there is no terminal, TERM is unknown or dumb.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw QbitelError(.terminalUnsupported, "the workbench needs a terminal (stdin and stdout are not a TTY); try 'qbitel info' or 'qbitel discover'")
        }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb" else {
            throw QbitelError(.terminalUnsupported, "TERM is \(term.isEmpty ? "unset" : "'dumb'"): the workbench needs a cursor-addressable terminal; try 'qbitel discover'")
        }
        Self.setUTF8Locale()
        guard let s = cn_open_terminal(nil) else {
            throw QbitelError(.terminalUnsupported, "the terminal type '\(term)' is unknown to ncurses (no terminfo entry)")
        }
        screen = s
        guard cn_can_address_cursor() != 0 else {
            endwin()
            delscreen(s)
            screen = nil
            throw QbitelError(.terminalUnsupported, "the terminal type '\(term)' cannot move the cursor")
        }
        isOpen = true
        colorsAvailable = Self.setUp()
        maxPairs = min(Int32(cn_color_pairs()), 32767)
    }

    /// A screen on a terminal of type `term` writing to `output`, sized `width`×`height`: the render benchmark
    /// counts the bytes real ncurses writes per keystroke this way.
    public init(terminalType term: String, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>,
                width: Int, height: Int) throws {
        Self.setUTF8Locale()
        guard let s = cn_open_terminal_on(term, output, input) else {
            throw QbitelError(.terminalUnsupported, "the terminal type '\(term)' is unknown to ncurses")
        }
        screen = s
        isOpen = true
        colorsAvailable = Self.setUp()
        maxPairs = min(Int32(cn_color_pairs()), 32767)
        resize_term(Int32(height), Int32(width))
    }

    /// Modes every screen uses: raw keys, no echo, keypad, non-blocking reads, mouse, hidden cursor.
    private static func setUp() -> Int {
        if has_colors() {
            start_color()
            use_default_colors()
        }
        raw()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        nodelay(cn_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        cn_enable_mouse()
        return has_colors() ? Int(cn_colors()) : 0
    }

    /// The number of colours the terminal reports (0 without colour support).
    public var colors: Int { colorsAvailable }

    public var size: (width: Int, height: Int) { (Int(cn_cols()), Int(cn_lines())) }

    /// UTF-8 is required for box drawing and non-ASCII text; CI often has no LANG.
    static func setUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// Copies the cells that differ from the last frame and refreshes; returns how many cells were written.
    @discardableResult
    public func present(_ grid: CellGrid) -> Int {
        guard isOpen else { return 0 }
        let changed: [Int]
        if let p = previous, p.width == grid.width, p.height == grid.height {
            changed = grid.changedCells(from: p)
        } else {
            erase()
            changed = Array(0..<grid.cells.count)
        }
        let w = grid.width
        for i in changed {
            let c = grid.cells[i]
            if c.scalar == 0 { continue }
            let (attrs, pair) = attributes(for: c.style)
            cn_put_cell(Int32(i / w), Int32(i % w), c.scalar, attrs, pair)
        }
        refresh()
        previous = grid
        return changed.count
    }

    /// Forgets the last frame so the next `present` repaints everything (after resume, Ctrl-L or a resize).
    public func invalidate() {
        previous = nil
        if isOpen { clearok(cn_stdscr(), true) }
    }

    private func attributes(for s: CellStyle) -> (attr_t, Int16) {
        var a = cn_a_normal()
        if s.attributes.contains(.bold) { a |= cn_a_bold() }
        if s.attributes.contains(.underline) { a |= cn_a_underline() }
        if s.attributes.contains(.reverse) { a |= cn_a_reverse() }
        if s.attributes.contains(.dim) { a |= cn_a_dim() }
        guard colorsAvailable > 0, s.foreground >= 0 || s.background >= 0 else { return (a, 0) }
        let fg = Int16(s.foreground < Int16(colorsAvailable) ? s.foreground : -1)
        let bg = Int16(s.background < Int16(colorsAvailable) ? s.background : -1)
        let key = UInt32(UInt16(bitPattern: fg)) << 16 | UInt32(UInt16(bitPattern: bg))
        if let p = pairs[key] { return (a, p) }
        guard nextPair < maxPairs else { return (a, 0) }
        let p = Int16(nextPair)
        nextPair += 1
        init_pair(p, fg, bg)
        pairs[key] = p
        return (a, p)
    }

    /// Reads every pending key and mouse event without blocking.
    public func readInput() -> [TerminalInput] {
        guard isOpen else { return [] }
        var out: [TerminalInput] = []
        var ch: UInt32 = 0
        while true {
            let r = cn_read_key(&ch)
            if r == 0 { break }
            if r == 2 {
                let code = Int32(bitPattern: ch)
                if code == cn_key_code(12) {
                    out.append(.resize)
                } else if code == cn_key_code(13) {
                    var y: Int32 = 0, x: Int32 = 0
                    switch cn_read_mouse(&y, &x) {
                    case 1: out.append(.mouse(MouseEvent(.click, x: Int(x), y: Int(y))))
                    case 4: out.append(.mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y))))
                    case 5: out.append(.mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y))))
                    default: break
                    }
                } else if let k = KeyDecoder.functionKey(code) {
                    out.append(.key(k))
                }
            } else if let k = KeyDecoder.character(ch) {
                out.append(.key(k))
            }
        }
        return out
    }

    /// Leaves curses mode for a suspend; `resume()` comes back.
    public func suspend() {
        guard isOpen else { return }
        endwin()
    }

    public func resume() {
        guard isOpen else { return }
        refresh()
        invalidate()
    }

    /// Restores the terminal. Safe to call twice.
    public func close() {
        guard isOpen, let s = screen else { return }
        isOpen = false
        curs_set(1)
        endwin()
        delscreen(s)
        screen = nil
    }

    deinit { close() }
}

/// Input from the terminal.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize
}

/// ncurses codes to `Key`.
enum KeyDecoder {
    static func functionKey(_ code: Int32) -> Key? {
        let table: [(Int32, Key)] = [
            (cn_key_code(0), .up), (cn_key_code(1), .down), (cn_key_code(2), .left), (cn_key_code(3), .right),
            (cn_key_code(4), .pageUp), (cn_key_code(5), .pageDown), (cn_key_code(6), .home), (cn_key_code(7), .end),
            (cn_key_code(8), .backspace), (cn_key_code(9), .delete), (cn_key_code(10), .backTab),
            (cn_key_code(11), .enter),
        ]
        return table.first { $0.0 == code }?.1
    }

    static func character(_ ch: UInt32) -> Key? {
        switch ch {
        case 13: return .enter
        case 10: return .ctrl("j")
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(ch + 96)!))
        default:
            guard let u = Unicode.Scalar(ch), ch >= 32 else { return nil }
            return .char(Character(u))
        }
    }
}
