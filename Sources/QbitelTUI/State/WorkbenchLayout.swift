/// Where each pane goes for a screen size; pure, so the reducer (paging, mouse hits) and views agree.
public struct WorkbenchLayout: Sendable, Equatable {
    public var panes: [Pane: Rect]
    public var statusBar: Rect
    public var tooSmall: Bool

    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public static func compute(width: Int, height: Int, zoomed: Pane?) -> WorkbenchLayout {
        let status = Rect(x: 0, y: max(0, height - 1), width: width, height: 1)
        guard width >= minimumWidth, height >= minimumHeight else {
            return WorkbenchLayout(panes: [:], statusBar: status, tooSmall: true)
        }
        let body = height - 1
        if let z = zoomed {
            return WorkbenchLayout(panes: [z: Rect(x: 0, y: 0, width: width, height: body)], statusBar: status,
                                   tooSmall: false)
        }
        let topH = max(8, body * 3 / 5)
        let bottomH = body - topH
        // The hex pane gets what 32 or 16 bytes a row need; the list gets the rest.
        let hexW = width >= 230 ? 139 : (width >= 120 ? 75 : width / 2)
        let listW = width - hexW
        let fieldsW = width * 9 / 20
        let grammarW = (width - fieldsW) / 2
        let copilotW = width - fieldsW - grammarW
        return WorkbenchLayout(panes: [
            .messages: Rect(x: 0, y: 0, width: listW, height: topH),
            .hex: Rect(x: listW, y: 0, width: width - listW, height: topH),
            .fields: Rect(x: 0, y: topH, width: fieldsW, height: bottomH),
            .grammar: Rect(x: fieldsW, y: topH, width: grammarW, height: bottomH),
            .copilot: Rect(x: fieldsW + grammarW, y: topH, width: copilotW, height: bottomH),
        ], statusBar: status, tooSmall: false)
    }

    /// The pane under a screen position.
    public func pane(atX x: Int, y: Int) -> Pane? {
        panes.first { $0.value.contains(x: x, y: y) }?.key
    }
}

/// Columns of the hex view for a pane width: offset, bytes (a multiple of 8 that fits, 4 at least) and ASCII.
public struct HexGeometry: Sendable, Equatable {
    public var bytesPerRow: Int
    /// Column of the first hex digit, relative to the pane's inner left edge.
    public var hexStart: Int
    public var asciiStart: Int

    public init(innerWidth: Int) {
        // offset (6) + gap (2) + 3 per byte + gap (1) + 1 per byte
        let fit = max(4, (innerWidth - 9) / 4)
        bytesPerRow = fit >= 8 ? min(32, fit / 8 * 8) : 4
        hexStart = 8
        asciiStart = 8 + bytesPerRow * 3 + 1
    }

    /// Inspector lines reserved under the bytes.
    public static let inspectorHeight = 7
}
