import CNCurses
import Foundation

/// The event loop shared by the workbench and the trainer: it blocks in `poll()` on the keyboard and a wake pipe,
/// turns signals into events, and restores the terminal on quit, SIGTERM/SIGHUP/SIGINT, SIGTSTP and errors.
final class TerminalLoop<Event: Sendable> {
    let screen: NCursesScreen
    let mailbox: EventMailbox<Event>

    enum Wake {
        case input([TerminalInput])
        case events([Event])
        case terminate
        case resumed
    }

    init(mailbox: EventMailbox<Event>) throws {
        self.mailbox = mailbox
        // Handlers go in before newterm, so ncurses keeps ours.
        cn_install_signal_handlers(mailbox.writeFD)
        do {
            screen = try NCursesScreen()
            cn_chain_winch()
        } catch {
            cn_remove_signal_handlers()
            throw error
        }
    }

    /// Waits for the next things to do, up to `timeoutMS` (-1 = forever).
    func next(timeoutMS: Int32) -> [Wake] {
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: mailbox.readFD, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, 2, timeoutMS)
        var out: [Wake] = []
        // Keys first (also catches KEY_RESIZE after SIGWINCH interrupted the poll).
        let input = screen.readInput()
        if !input.isEmpty { out.append(.input(input)) }
        for sig in mailbox.drainWakeBytes() {
            switch sig {
            case UInt8(ascii: "T"): out.append(.terminate)
            case UInt8(ascii: "Z"):
                suspend()
                out.append(.resumed)
            case UInt8(ascii: "C"): out.append(.resumed)
            default: break
            }
        }
        let events = mailbox.drain()
        if !events.isEmpty { out.append(.events(events)) }
        return out
    }

    /// Ctrl-Z or SIGTSTP: restore the terminal, stop, and repaint after `fg`.
    func suspend() {
        screen.suspend()
        cn_suspend_self()
        screen.resume()
    }

    func close() {
        screen.close()
        cn_remove_signal_handlers()
    }

    deinit { close() }
}
