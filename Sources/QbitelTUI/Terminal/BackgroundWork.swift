import Foundation
import QbitelEngine

/// Reading, discovery and exports on their own threads; each posts its result to the mailbox.
final class BackgroundWork: @unchecked Sendable {
    let mailbox: EventMailbox<WorkbenchEvent>
    /// Set by the UI thread only.
    var capture: Capture?
    private var discoveryTask: Task<Void, Never>?

    init(mailbox: EventMailbox<WorkbenchEvent>) { self.mailbox = mailbox }

    func loadCapture(_ path: String) {
        let mailbox = self.mailbox
        Thread.detachNewThread {
            do {
                let c = try CaptureReader.read(path: path)
                mailbox.post(.captureLoaded(c))
            } catch let e as QbitelError {
                mailbox.post(.captureFailed(e))
            } catch {
                mailbox.post(.captureFailed(QbitelError(.ioError, "\(error)")))
            }
        }
    }

    func perform(_ effect: WorkbenchEffect, state: WorkbenchState) {
        switch effect {
        case .runDiscovery:
            guard let c = capture else { return }
            discoveryTask?.cancel()
            discoveryTask = Self.discover(c, mailbox: mailbox)
        case .export(let path):
            guard let c = capture, let d = state.discovery else { return }
            let mailbox = self.mailbox
            Thread.detachNewThread {
                do {
                    let data = try DiscoveryJSON.encode(DiscoveryJSON.document(capture: c, result: d))
                    try data.write(to: URL(fileURLWithPath: path))
                    mailbox.post(.notice("exported \(data.count) bytes to \(path)", isError: false))
                } catch {
                    mailbox.post(.notice("error \(ErrorCode.exportFailed.rawValue): export to \(path) failed: \(error)", isError: true))
                }
            }
        case .askCopilot:
            mailbox.post(.copilotFailed("copilot offline: no local model answers"))
        default:
            break
        }
    }

    /// Runs discovery off the UI thread, reporting its steps.
    static func discover(_ c: Capture, mailbox: EventMailbox<WorkbenchEvent>) -> Task<Void, Never> {
        Task.detached(priority: .utility) {
            mailbox.post(.discoveryProgress(step: "discovering", fraction: 0.1))
            do {
                let r = try DiscoveryEngine().discover(c)
                if Task.isCancelled { return }
                mailbox.post(.discoveryProgress(step: "discovering", fraction: 1))
                mailbox.post(.discoveryFinished(r))
            } catch let e as QbitelError {
                mailbox.post(.discoveryFailed(e))
            } catch {
                mailbox.post(.discoveryFailed(QbitelError(.discoveryPhaseFailed, "\(error)")))
            }
        }
    }

    func cancel() { discoveryTask?.cancel() }
}
