/// An in-memory screen: what every view draws into, what tests read, and what the backend diffs.
public struct CellGrid: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Fills a rectangle with one character and style.
    public mutating func fill(_ r: Rect, _ scalar: UInt32 = 32, _ style: CellStyle) {
        let x0 = max(0, r.x), x1 = min(width, r.maxX), y0 = max(0, r.y), y1 = min(height, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        let c = Cell(scalar, style)
        for y in y0..<y1 {
            let base = y * width
            for x in x0..<x1 { cells[base + x] = c }
        }
    }

    /// Changes the style of cells already drawn (selection bars, highlights), keeping their characters.
    public mutating func restyle(_ r: Rect, _ transform: (CellStyle) -> CellStyle) {
        let x0 = max(0, r.x), x1 = min(width, r.maxX), y0 = max(0, r.y), y1 = min(height, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { cells[y * width + x].style = transform(cells[y * width + x].style) }
        }
    }

    /// Draws text at (x, y), clipped by display width to `maxWidth` columns; returns the columns used.
    @discardableResult
    public mutating func text(_ s: String, x: Int, y: Int, style: CellStyle, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        var col = 0
        for u in s.unicodeScalars {
            let w = DisplayWidth.of(u)
            if w == 0 { continue }
            if col + w > limit { break }
            if x + col >= 0 {
                cells[y * width + x + col] = Cell(u.value, style)
                if w == 2 && x + col + 1 < width { cells[y * width + x + col + 1] = Cell(0, style) }
            }
            col += w
        }
        return col
    }

    /// Draws ASCII bytes quickly (hex digits, offsets): no width lookups.
    public mutating func ascii(_ bytes: [UInt8], x: Int, y: Int, style: CellStyle) {
        guard y >= 0, y < height else { return }
        var cx = x
        for b in bytes where cx < width {
            if cx >= 0 { cells[y * width + cx] = Cell(UInt32(b), style) }
            cx += 1
        }
    }

    /// Draws a box with a title; `glyphs` picks Unicode or ASCII lines.
    public mutating func box(_ r: Rect, title: String, style: CellStyle, titleStyle: CellStyle, glyphs: BoxGlyphs) {
        guard r.width >= 2, r.height >= 2 else { return }
        fill(Rect(x: r.x + 1, y: r.y, width: r.width - 2, height: 1), glyphs.horizontal, style)
        fill(Rect(x: r.x + 1, y: r.maxY - 1, width: r.width - 2, height: 1), glyphs.horizontal, style)
        fill(Rect(x: r.x, y: r.y + 1, width: 1, height: r.height - 2), glyphs.vertical, style)
        fill(Rect(x: r.maxX - 1, y: r.y + 1, width: 1, height: r.height - 2), glyphs.vertical, style)
        self[r.x, r.y] = Cell(glyphs.topLeft, style)
        self[r.maxX - 1, r.y] = Cell(glyphs.topRight, style)
        self[r.x, r.maxY - 1] = Cell(glyphs.bottomLeft, style)
        self[r.maxX - 1, r.maxY - 1] = Cell(glyphs.bottomRight, style)
        if !title.isEmpty && r.width > 4 {
            text(" \(title) ", x: r.x + 1, y: r.y, style: titleStyle, maxWidth: r.width - 2)
        }
    }

    /// One row as text (wide-character halves dropped, trailing spaces kept): for tests and text screenshots.
    public func line(_ y: Int) -> String {
        var s = String.UnicodeScalarView()
        for x in 0..<width {
            let v = cells[y * width + x].scalar
            if v == 0 { continue }
            s.append(Unicode.Scalar(v) ?? " ")
        }
        return String(s)
    }

    /// The whole screen as text, trailing spaces trimmed per line.
    public var text: String {
        (0..<height).map { line($0).replacingTrailingSpaces() }.joined(separator: "\n")
    }

    /// Positions whose content differs from `other`; a size change means everything.
    public func changedCells(from other: CellGrid) -> [Int] {
        guard other.width == width, other.height == height else { return Array(0..<cells.count) }
        var out: [Int] = []
        cells.withUnsafeBufferPointer { a in
            other.cells.withUnsafeBufferPointer { b in
                for i in 0..<a.count where a[i] != b[i] { out.append(i) }
            }
        }
        return out
    }
}

/// The line-drawing characters of a box.
public struct BoxGlyphs: Sendable {
    public var horizontal: UInt32, vertical: UInt32
    public var topLeft: UInt32, topRight: UInt32, bottomLeft: UInt32, bottomRight: UInt32

    public static let unicode = BoxGlyphs(horizontal: 0x2500, vertical: 0x2502, topLeft: 0x250C, topRight: 0x2510,
                                          bottomLeft: 0x2514, bottomRight: 0x2518)
    public static let heavy = BoxGlyphs(horizontal: 0x2501, vertical: 0x2503, topLeft: 0x250F, topRight: 0x2513,
                                        bottomLeft: 0x2517, bottomRight: 0x251B)
    public static let ascii = BoxGlyphs(horizontal: 45, vertical: 124, topLeft: 43, topRight: 43, bottomLeft: 43,
                                        bottomRight: 43)
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    /// Pads or clips to exactly `n` columns (ASCII-width assumption is fine for table columns of our own text).
    func padded(_ n: Int) -> String {
        let w = DisplayWidth.of(self)
        if w >= n { return String(self.prefix(n)) }
        return self + String(repeating: " ", count: n - w)
    }

    func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: " ", count: n - count) + self
    }
}
