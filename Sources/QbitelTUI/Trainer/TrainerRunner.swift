import Foundation
import QbitelEngine

/// What `qbitel demo` passes to trainer mode.
public struct TrainerOptions: Sendable {
    /// nil: the built-in synthetic capture.
    public var capturePath: String?
    public var typeID: String?
    public var autoSeconds: Double?
    public var theme: String?
    /// Trainer extras (the `trainer_extras` feature flag): the step with every detector's opinion on each field.
    public var extras: Bool

    public init(capturePath: String?, typeID: String? = nil, autoSeconds: Double? = nil, theme: String? = nil,
                extras: Bool = false) {
        self.capturePath = capturePath
        self.typeID = typeID
        self.autoSeconds = autoSeconds
        self.theme = theme
        self.extras = extras
    }
}

/// Runs trainer mode on the terminal: capture and discovery load in the background, steps advance by key or timer.
public enum TrainerRunner {
    public static func run(_ o: TrainerOptions) throws {
        let themeOutcome = ThemeLoader.load(o.theme)
        let mailbox = try EventMailbox<WorkbenchEvent>()
        let loop = try TerminalLoop(mailbox: mailbox)
        defer { loop.close() }
        var mode = ColorMode.detect(colors: loop.screen.colors, environment: ProcessInfo.processInfo.environment)
        if themeOutcome.theme.name == "mono" { mode = .monochrome }
        let view = TrainerView(theme: themeOutcome.theme.resolved(for: mode))
        let size = loop.screen.size
        var state = TrainerState(captureName: o.capturePath.map { ($0 as NSString).lastPathComponent } ?? "demo (synthetic)",
                                 width: size.width, height: size.height, typeID: o.typeID, autoSeconds: o.autoSeconds,
                                 extras: o.extras)
        let worker = BackgroundWork(mailbox: mailbox)
        if let p = o.capturePath {
            worker.loadCapture(p)
        } else {
            mailbox.post(.captureLoaded(TrainerDemoCapture.make()))
        }
        loop.screen.present(view.render(state))
        var lastAdvance = DispatchTime.now().uptimeNanoseconds
        while !state.shouldQuit {
            let timeout: Int32 = o.autoSeconds.map { Int32(max(50, $0 * 1000)) } ?? -1
            let wakes = loop.next(timeoutMS: timeout)
            for wake in wakes {
                switch wake {
                case .terminate: state.shouldQuit = true
                case .resumed: loop.screen.invalidate()
                case .events(let es):
                    for e in es {
                        if case .captureLoaded(let c) = e {
                            worker.capture = c
                            state.handle(e)
                            worker.perform(.runDiscovery, state: state.workbench)
                        } else {
                            state.handle(e)
                        }
                    }
                case .input(let inputs):
                    for i in inputs {
                        switch i {
                        case .key(let k):
                            if k == .ctrl("z") { loop.suspend() } else { state.handle(.key(k)) }
                            lastAdvance = DispatchTime.now().uptimeNanoseconds
                        case .mouse: break
                        case .resize:
                            let s = loop.screen.size
                            state.handle(.resize(width: s.width, height: s.height))
                            loop.screen.invalidate()
                        }
                    }
                }
            }
            if let a = o.autoSeconds, DispatchTime.now().uptimeNanoseconds - lastAdvance >= UInt64(a * 1e9) {
                state.tick()
                lastAdvance = DispatchTime.now().uptimeNanoseconds
            }
            if !state.shouldQuit { loop.screen.present(view.render(state)) }
        }
        worker.cancel()
    }
}
