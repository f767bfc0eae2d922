import QbitelEngine

/// A named set of styles for every `ThemeRole` plus a palette for message types and fields.
///
/// Themes are data (`themes/*.theme`), so a projector, a light terminal or a colour-blind analyst can change them
/// without a rebuild. `resolved(for:)` adapts one to the terminal's colour depth.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [ThemeRole: CellStyle]
    /// Colours of types and fields, picked by a stable hash of their id so a field has the same colour everywhere.
    public var palette: [Int16]
    /// Draw boxes with ASCII `+-|` instead of Unicode lines.
    public var asciiBoxes: Bool

    public init(name: String, styles: [ThemeRole: CellStyle], palette: [Int16], asciiBoxes: Bool = false) {
        self.name = name
        self.styles = styles
        self.palette = palette.isEmpty ? [-1] : palette
        self.asciiBoxes = asciiBoxes
    }

    public subscript(role: ThemeRole) -> CellStyle { styles[role] ?? .plain }

    /// The default theme, parsed from the text also shipped as `themes/dark.theme`.
    public static let dark: Theme = {
        // The built-in text is known good; a failure here is a programming error caught by the tests.
        (try? ThemeParser.parse(BuiltinThemes.dark, source: "dark")) ?? Theme(name: "dark", styles: [:], palette: [])
    }()

    /// Adapts colours to the terminal: 256 as is, 8 mapped to the nearest basic colour, monochrome as attributes.
    public func resolved(for mode: ColorMode) -> ResolvedTheme {
        var out: [CellStyle] = []
        for role in ThemeRole.allCases {
            var s = self[role]
            switch mode {
            case .full256: break
            case .basic8:
                s.foreground = ColorMode.basic(s.foreground)
                s.background = ColorMode.basic(s.background)
            case .monochrome:
                s.foreground = -1
                s.background = -1
                switch role {
                case .selection, .statusBar, .overlay: s.attributes.insert(.reverse)
                case .cursor: s.attributes.formUnion([.reverse, .bold])
                case .highlight, .titleFocused, .borderFocused: s.attributes.insert(.bold)
                case .boundary: s.attributes.insert(.bold)
                case .muted: s.attributes.insert(.dim)
                default: break
                }
            }
            out.append(s)
        }
        let pal: [Int16]
        switch mode {
        case .full256: pal = palette
        case .basic8: pal = palette.map { ColorMode.basic($0) }
        case .monochrome: pal = [-1]
        }
        return ResolvedTheme(name: name, mode: mode, styles: out, palette: pal,
                             glyphs: asciiBoxes ? .ascii : .unicode)
    }
}

/// A theme mapped to one colour mode: an array lookup per role, as views need it on every cell.
public struct ResolvedTheme: Sendable {
    public let name: String
    public let mode: ColorMode
    let styles: [CellStyle]
    let palette: [Int16]
    public let glyphs: BoxGlyphs

    init(name: String, mode: ColorMode, styles: [CellStyle], palette: [Int16], glyphs: BoxGlyphs) {
        self.name = name
        self.mode = mode
        self.styles = styles
        self.palette = palette
        self.glyphs = glyphs
    }

    private static let roleIndex: [ThemeRole: Int] = Dictionary(
        uniqueKeysWithValues: ThemeRole.allCases.enumerated().map { ($1, $0) })

    public subscript(role: ThemeRole) -> CellStyle { styles[Self.roleIndex[role]!] }

    /// True when colour cannot tell fields apart, so views must show boundaries by marks alone.
    public var isMonochrome: Bool { mode == .monochrome }

    /// The colour of a type or field identity: the same key always gives the same colour.
    public func color(for key: String) -> Int16 {
        var h: UInt32 = 2166136261
        for b in key.utf8 { h = (h ^ UInt32(b)) &* 16777619 }
        return palette[Int(h % UInt32(palette.count))]
    }

    public func color(index: Int) -> Int16 { palette[abs(index) % palette.count] }
}
