import Foundation
import QbitelEngine
import QbitelOps

/// What `qbitel open` passes to the workbench.
public struct WorkbenchOptions: Sendable {
    public var capturePath: String
    public var theme: String?
    public var colorMode: ColorMode?

    public init(capturePath: String, theme: String? = nil, colorMode: ColorMode? = nil) {
        self.capturePath = capturePath
        self.theme = theme
        self.colorMode = colorMode
    }
}

/// Runs the workbench on the real terminal: the UI thread renders and reduces; reading, discovery, exports and the
/// copilot run elsewhere and post events back, so the UI never waits on the engine, the disk or the network.
public enum WorkbenchRunner {
    /// Returns after the analyst quits. Throws 9008 (no usable terminal) before touching the screen.
    public static func run(_ o: WorkbenchOptions) throws {
        let themeOutcome = ThemeLoader.load(o.theme)
        let mailbox = try EventMailbox<WorkbenchEvent>()
        let loop = try TerminalLoop(mailbox: mailbox)
        defer { loop.close() }
        let env = ProcessInfo.processInfo.environment
        var mode = o.colorMode ?? ColorMode.detect(colors: loop.screen.colors, environment: env)
        if themeOutcome.theme.name == "mono" { mode = .monochrome }
        var renderer = WorkbenchRenderer(theme: themeOutcome.theme.resolved(for: mode))
        let size = loop.screen.size
        var state = WorkbenchState(captureName: (o.capturePath as NSString).lastPathComponent, width: size.width,
                                   height: size.height)
        state.themeName = themeOutcome.theme.name
        state.metricsScreenEnabled = (try? FeatureFlags.load())?.isEnabled(.metricsScreen) ?? true
        if let e = themeOutcome.error {
            state.notice = "\(e) — using the default theme"
            state.noticeIsError = true
        }
        let worker = BackgroundWork(mailbox: mailbox, captureName: state.captureName)
        worker.loadCapture(o.capturePath)
        worker.probeCopilot()
        var grid = CellGrid(width: 0, height: 0)
        renderer.render(state, into: &grid)
        loop.screen.present(grid)
        while !state.shouldQuit {
            var dirty = false
            for wake in loop.next(timeoutMS: -1) {
                var events: [WorkbenchEvent] = []
                switch wake {
                case .terminate:
                    state.shouldQuit = true
                case .resumed:
                    loop.screen.invalidate()
                    dirty = true
                case .events(let es):
                    events = es
                case .input(let inputs):
                    for i in inputs {
                        switch i {
                        case .key(let k): events.append(.key(k))
                        case .mouse(let m): events.append(.mouse(m))
                        case .resize:
                            let s = loop.screen.size
                            events.append(.resize(width: s.width, height: s.height))
                            loop.screen.invalidate()
                        }
                    }
                }
                for e in events {
                    if case .captureLoaded(let c) = e { worker.capture = c }
                    let fx = WorkbenchReducer.reduce(&state, e)
                    dirty = true
                    for f in fx {
                        switch f {
                        case .quit: state.shouldQuit = true
                        case .suspend:
                            loop.suspend()
                        case .redraw: loop.screen.invalidate()
                        case .loadTheme(let spec):
                            let out = ThemeLoader.load(spec)
                            if let err = out.error {
                                state.notice = err.description
                                state.noticeIsError = true
                            } else {
                                let m = out.theme.name == "mono" ? .monochrome : (o.colorMode ?? ColorMode.detect(colors: loop.screen.colors, environment: env))
                                renderer.theme = out.theme.resolved(for: m)
                                state.themeName = out.theme.name
                                state.notice = "theme \(out.theme.name)"
                                state.noticeIsError = false
                            }
                        default:
                            worker.perform(f, state: state)
                        }
                    }
                }
            }
            if dirty && !state.shouldQuit {
                renderer.render(state, into: &grid)
                loop.screen.present(grid)
            }
        }
        worker.cancel()
    }
}
