import Foundation
import QbitelEngine
import Testing
@testable import QbitelTUI

/// The session is the runner's loop body without the terminal: events posted to the mailbox are reduced, background
/// effects run elsewhere, and the frame is rendered into the cell grid.
@Suite struct WorkbenchSessionTests {
    @Test func postedEventsAreReducedDiscoveryRunsInTheBackgroundAndTheFrameShowsTheResult() throws {
        let mailbox = try EventMailbox<WorkbenchEvent>()
        let session = WorkbenchSession(captureName: "fixture.pcap", width: 160, height: 48,
                                       theme: Theme.dark.resolved(for: .full256), mailbox: mailbox,
                                       workspace: .some(nil), copilot: .some(nil))
        mailbox.post(.captureLoaded(WorkbenchFixture.capture()))
        var processed = session.processPending(timeoutMS: 1000)
        #expect(processed.count == 1)
        #expect(session.state.capture?.messages.count == 20)
        // Discovery was started by the reducer's effect and reports back through the mailbox.
        let deadline = Date().addingTimeInterval(30)
        while session.state.phase != .done && Date() < deadline {
            if case .failed = session.state.phase { break }
            _ = session.processPending(timeoutMS: 100)
        }
        #expect(session.state.phase == .done)
        #expect(session.state.discovery != nil)
        mailbox.post(.key(.char("j")))
        mailbox.post(.key(.char("j")))
        processed = session.processPending(timeoutMS: 1000)
        #expect(processed.count == 2)
        #expect(session.state.selectedRow == 2)
        #expect(session.grid.text.contains("frame 3"))
        // Terminal effects come back to the caller; nothing is waited for when no event is posted.
        #expect(session.apply([.key(.char("q"))]) == [.quit])
        #expect(session.processPending(timeoutMS: 0).isEmpty)
        session.cancel()
    }
}
