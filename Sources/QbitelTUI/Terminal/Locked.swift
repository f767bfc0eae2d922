import Foundation

/// A value shared between the UI thread and background work, read and written under a lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value {
        lock.lock(); defer { lock.unlock() }
        return value
    }

    func set(_ v: Value) {
        lock.lock(); value = v; lock.unlock()
    }
}
