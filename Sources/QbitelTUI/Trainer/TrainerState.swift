import QbitelEngine

/// Trainer mode's state: the steps, where the analyst is, and the sample message drawn under each step.
public struct TrainerState: Sendable {
    public var workbench: WorkbenchState
    public var typeID: String?
    public var steps: [TrainerStep] = []
    public var index = 0
    public var autoSeconds: Double?
    public var shouldQuit = false
    /// Include the extra steps (`TrainerOptions.extras`).
    public var extras: Bool

    public init(captureName: String, width: Int, height: Int, typeID: String?, autoSeconds: Double?, extras: Bool = false) {
        workbench = WorkbenchState(captureName: captureName, width: width, height: height)
        self.typeID = typeID
        self.autoSeconds = autoSeconds
        self.extras = extras
    }

    /// Builds the steps once capture and discovery are in.
    public mutating func prepare() {
        guard let d = workbench.discovery, let c = workbench.capture else { return }
        let t = typeID.flatMap { id in d.types.contains { $0.id == id } ? id : nil }
            ?? d.types.max { $0.count < $1.count }?.id
        guard let t else { return }
        typeID = t
        let wb = workbench
        steps = TrainerScript.steps(capture: c, discovery: d, typeID: t, verdict: { wb.verdict(of: $0) }, extras: extras)
        if let r = (0..<wb.rowCount).first(where: { wb.messageIndex(atRow: $0).flatMap(wb.typeID(of:)) == t }) {
            workbench.selectedRow = r
        }
        index = 0
    }

    /// Keys: → l Space n next, ← h p back, Home first, q Esc quit; any other event passes to the workbench state.
    public mutating func handle(_ e: WorkbenchEvent) {
        switch e {
        case .key(let k):
            switch k {
            case .right, .char("l"), .char(" "), .char("n"), .enter: index = min(index + 1, max(0, steps.count - 1))
            case .left, .char("h"), .char("p"), .backspace: index = max(0, index - 1)
            case .home, .char("g"): index = 0
            case .end, .char("G"): index = max(0, steps.count - 1)
            case .char("q"), .escape, .ctrl("c"): shouldQuit = true
            default: break
            }
        default:
            let hadDiscovery = workbench.discovery != nil
            _ = WorkbenchReducer.reduce(&workbench, e)
            if !hadDiscovery && workbench.discovery != nil { prepare() }
        }
    }

    /// Auto-advance: the next step, stopping at the last.
    public mutating func tick() {
        if index < steps.count - 1 { index += 1 }
    }
}
