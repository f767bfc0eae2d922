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
        let size = loop.screen.size
        let session = WorkbenchSession(captureName: (o.capturePath as NSString).lastPathComponent, width: size.width,
                                       height: size.height, theme: themeOutcome.theme.resolved(for: mode), mailbox: mailbox)
        session.modify { state in
            state.themeName = themeOutcome.theme.name
            state.metricsScreenEnabled = (try? FeatureFlags.load())?.isEnabled(.metricsScreen) ?? true
            if let e = themeOutcome.error {
                state.notice = "\(e) — using the default theme"
                state.noticeIsError = true
            }
        }
        session.start(capturePath: o.capturePath)
        loop.screen.present(session.render())
        var quit = false
        while !quit && !session.state.shouldQuit {
            var dirty = false
            for wake in loop.next(timeoutMS: -1) {
                var events: [WorkbenchEvent] = []
                switch wake {
                case .terminate:
                    quit = true
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
                if !events.isEmpty { dirty = true }
                for f in session.apply(events) {
                    switch f {
                    case .quit: quit = true
                    case .suspend: loop.suspend()
                    case .redraw: loop.screen.invalidate()
                    case .loadTheme(let spec):
                        let out = ThemeLoader.load(spec)
                        if let err = out.error {
                            session.modify {
                                $0.notice = err.description
                                $0.noticeIsError = true
                            }
                        } else {
                            let m = out.theme.name == "mono" ? .monochrome : (o.colorMode ?? ColorMode.detect(colors: loop.screen.colors, environment: env))
                            session.renderer.theme = out.theme.resolved(for: m)
                            session.modify {
                                $0.themeName = out.theme.name
                                $0.notice = "theme \(out.theme.name)"
                                $0.noticeIsError = false
                            }
                        }
                    default:
                        break
                    }
                }
            }
            if dirty && !quit && !session.state.shouldQuit {
                loop.screen.present(session.render())
            }
        }
        session.cancel()
    }
}
