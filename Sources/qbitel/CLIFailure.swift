import ArgumentParser
import Foundation
import QbitelEngine

/// Runs a command body and turns any error into one line on stderr and a non-zero exit, never a stack trace.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as QbitelError {
        FileHandle.standardError.write(Data("qbitel: \(e)\n".utf8))
        throw ExitCode(1)
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("qbitel: error \(ErrorCode.internalError.rawValue): \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes text to stdout without buffering surprises when piped.
func emit(_ s: String) {
    FileHandle.standardOutput.write(Data(s.utf8))
}

func emit(_ d: Data) {
    FileHandle.standardOutput.write(d)
}
