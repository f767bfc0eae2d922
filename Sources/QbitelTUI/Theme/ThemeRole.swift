/// Every element of the workbench a theme can style. Theme files name these.
public enum ThemeRole: String, Sendable, CaseIterable {
    case text
    case muted
    case border
    case borderFocused = "border-focused"
    case title
    case titleFocused = "title-focused"
    case header
    case selection
    case cursor
    case highlight
    case statusBar = "status-bar"
    case statusKey = "status-key"
    case statusError = "status-error"
    case statusOK = "status-ok"
    case statusWarning = "status-warning"
    case hexOffset = "hex-offset"
    case boundary
    case valid
    case invalid
    case bookmark
    case overlay
    case input
    case narration
}
