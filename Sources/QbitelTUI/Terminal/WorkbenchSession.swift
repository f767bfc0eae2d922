import Foundation
import QbitelCopilot
import QbitelEngine
import QbitelStore

/// One open workbench without its terminal: the state, the reducer loop body, the renderer and the background work.
///
/// `WorkbenchRunner` drives it from the ncurses event loop; `qbitel-bench render` drives the same object headless
/// (events into the mailbox → reducer → render into the cell grid) to measure input latency while discovery and a
/// copilot answer run.
public final class WorkbenchSession {
    public private(set) var state: WorkbenchState
    public var renderer: WorkbenchRenderer
    public private(set) var grid = CellGrid(width: 0, height: 0)
    public let mailbox: EventMailbox<WorkbenchEvent>
    let worker: BackgroundWork

    /// `workspace` and `copilot` default to the analyst's workspace file and copilot configuration.
    public init(captureName: String, width: Int, height: Int, theme: ResolvedTheme, mailbox: EventMailbox<WorkbenchEvent>,
                workspace: Workspace?? = nil, copilot: CopilotConfiguration?? = nil) {
        state = WorkbenchState(captureName: captureName, width: width, height: height)
        renderer = WorkbenchRenderer(theme: theme)
        self.mailbox = mailbox
        worker = BackgroundWork(mailbox: mailbox, captureName: captureName,
                                workspace: workspace ?? (try? Workspace(path: WorkspaceLocation.resolve(override: nil))),
                                copilot: copilot ?? (try? CopilotConfiguration.load()))
    }

    /// Starts reading the capture and probing the copilot, both in the background.
    public func start(capturePath: String) {
        worker.loadCapture(capturePath)
        worker.probeCopilot()
    }

    /// Changes the state outside the reducer (theme notices from the runner).
    public func modify(_ body: (inout WorkbenchState) -> Void) { body(&state) }

    /// Reduces the events in order and hands background effects to the background work; returns the effects only
    /// the terminal can carry out (quit, suspend, redraw, theme).
    public func apply(_ events: [WorkbenchEvent]) -> [WorkbenchEffect] {
        var terminal: [WorkbenchEffect] = []
        for e in events {
            if case .captureLoaded(let c) = e { worker.capture = c }
            for f in WorkbenchReducer.reduce(&state, e) {
                switch f {
                case .quit, .suspend, .redraw, .loadTheme: terminal.append(f)
                default: worker.perform(f, state: state)
                }
            }
        }
        return terminal
    }

    /// Renders the state into the session's cell grid (reusing its storage) and returns it.
    @discardableResult
    public func render() -> CellGrid {
        renderer.render(state, into: &grid)
        return grid
    }

    /// The headless loop step: waits up to `timeoutMS` for posted events, applies them and renders; returns them.
    public func processPending(timeoutMS: Int32) -> [WorkbenchEvent] {
        var fds = [pollfd(fd: mailbox.readFD, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 1, timeoutMS)
        _ = mailbox.drainWakeBytes()
        let events = mailbox.drain()
        guard !events.isEmpty else { return [] }
        _ = apply(events)
        render()
        return events
    }

    /// Stops discovery and the copilot request.
    public func cancel() { worker.cancel() }
}
