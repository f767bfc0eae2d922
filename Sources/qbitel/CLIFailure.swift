import ArgumentParser
import Foundation
import QbitelEngine
import QbitelOps

/// Runs a command body and turns any error into one line on stderr and a non-zero exit, never a stack trace.
///
/// SIGTERM and SIGINT cancel the body's task; flush hooks run and the process exits with 128 + signal within the
/// coordinator's grace period, whether or not the work noticed the cancellation.
func runReportingErrors(_ body: @escaping () async throws -> Void) async throws {
    let shutdown = ShutdownCoordinator()
    // Every log line reaches the kernel in one write(2), so none is lost when the process ends however it ends; the
    // file is not fsynced on the way out (on a busy disk that alone takes milliseconds, for power loss only).
    _ = CLIContext.logFile
    shutdown.install()
    defer { shutdown.uninstall() }
    // The body runs only inside this task, which is awaited right here, so handing it over is safe.
    nonisolated(unsafe) let work = body
    let task = Task { try await work() }
    shutdown.onCancel {
        task.cancel()
        let sig = shutdown.receivedSignal ?? 0
        FileHandle.standardError.write(Data("qbitel: error \(ErrorCode.interrupted.rawValue): stopped by signal \(sig)\n".utf8))
    }
    do {
        try await task.value
        shutdown.flush()
    } catch {
        shutdown.flush()
        if let sig = shutdown.receivedSignal {
            throw ExitCode(128 + sig) // the cancel hook already said why
        }
        switch error {
        case let e as QbitelError:
            FileHandle.standardError.write(Data("qbitel: \(e)\n".utf8))
            throw ExitCode(1)
        case let e as ExitCode:
            throw e
        case is CancellationError:
            FileHandle.standardError.write(Data("qbitel: error \(ErrorCode.interrupted.rawValue): cancelled\n".utf8))
            throw ExitCode(1)
        default:
            FileHandle.standardError.write(Data("qbitel: error \(ErrorCode.internalError.rawValue): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Writes text to stdout without buffering surprises when piped.
func emit(_ s: String) {
    FileHandle.standardOutput.write(Data(s.utf8))
}

func emit(_ d: Data) {
    FileHandle.standardOutput.write(d)
}
