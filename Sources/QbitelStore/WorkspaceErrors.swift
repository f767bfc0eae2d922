import Foundation
import GRDB
import QbitelEngine

/// Turns SQLite and file-system failures into the program's typed errors, naming the workspace file.
enum WorkspaceErrors {
    static func map(_ error: any Error, path: String, doing action: String) -> QbitelError {
        if let e = error as? QbitelError { return e }
        if let e = error as? DatabaseError {
            let detail = e.message ?? "\(e.resultCode)"
            switch e.resultCode {
            case .SQLITE_FULL:
                return QbitelError(.diskFull, "disk full while \(action) in workspace \(path): \(detail)", details: ["path": path])
            case .SQLITE_READONLY:
                return QbitelError(.workspaceReadOnly, "workspace \(path) is read-only; cannot \(action)", details: ["path": path])
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return QbitelError(.workspaceCorrupt, "workspace \(path) is not a valid SQLite database (\(detail))", details: ["path": path])
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return QbitelError(.workspaceBusy, "workspace \(path) stayed locked while \(action)", details: ["path": path])
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
                return QbitelError(.workspaceReadOnly, "cannot open workspace \(path) for \(action): \(detail)", details: ["path": path])
            case .SQLITE_IOERR:
                if e.extendedResultCode == .SQLITE_IOERR_WRITE || e.extendedResultCode == .SQLITE_IOERR_FSYNC {
                    return QbitelError(.ioError, "write failed while \(action) in workspace \(path) (disk full or failing?): \(detail)", details: ["path": path])
                }
                return QbitelError(.ioError, "I/O error while \(action) in workspace \(path): \(detail)", details: ["path": path])
            default:
                return QbitelError(.ioError, "workspace \(path): \(action) failed: \(detail)", details: ["path": path])
            }
        }
        return QbitelError(.internalError, "workspace \(path): \(action) failed: \(error)", details: ["path": path])
    }

    /// An `errno` from opening or creating the file.
    static func errno(_ code: Int32, path: String, doing action: String) -> QbitelError {
        let text = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT:
            return QbitelError(.diskFull, "disk full while \(action) workspace \(path): \(text)", details: ["path": path])
        case EROFS, EACCES, EPERM:
            return QbitelError(.workspaceReadOnly, "cannot \(action) workspace \(path): \(text)", details: ["path": path])
        case ENOENT:
            return QbitelError(.fileNotFound, "workspace \(path) does not exist", details: ["path": path])
        default:
            return QbitelError(.ioError, "cannot \(action) workspace \(path): \(text)", details: ["path": path])
        }
    }
}
