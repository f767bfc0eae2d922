/// How one cell looks: colours as xterm-256 indices (-1 = the terminal's default) plus attributes.
///
/// Views only ever speak in styles; the backend maps them to colour pairs for 256, 8 or no colours.
public struct CellStyle: Sendable, Hashable {
    public var foreground: Int16
    public var background: Int16
    public var attributes: Attributes

    public struct Attributes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Attributes(rawValue: 1)
        public static let underline = Attributes(rawValue: 2)
        public static let reverse = Attributes(rawValue: 4)
        public static let dim = Attributes(rawValue: 8)
    }

    public init(foreground: Int16 = -1, background: Int16 = -1, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = CellStyle()

    public func adding(_ a: Attributes) -> CellStyle {
        var s = self
        s.attributes.formUnion(a)
        return s
    }

    public func withForeground(_ c: Int16) -> CellStyle {
        var s = self
        s.foreground = c
        return s
    }

    public func withBackground(_ c: Int16) -> CellStyle {
        var s = self
        s.background = c
        return s
    }
}

/// One screen position: a Unicode scalar (0 = the right half of a wide character) and its style.
public struct Cell: Sendable, Hashable {
    public var scalar: UInt32
    public var style: CellStyle

    public init(_ scalar: UInt32 = 32, _ style: CellStyle = .plain) {
        self.scalar = scalar
        self.style = style
    }

    public static let blank = Cell()
}

/// A rectangle of the screen, in cells.
public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// The inside of a box drawn on this rectangle.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}
