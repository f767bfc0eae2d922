import Foundation

/// Fixed slots that parallel page encoders and decoders fill, each slot written by exactly one worker.
final class PageSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value]
    private let lock = NSLock()

    init(count: Int, initial: Value) { slots = Array(repeating: initial, count: count) }

    func set(_ i: Int, _ value: Value) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = value
    }

    func get(_ i: Int) -> Value {
        lock.lock(); defer { lock.unlock() }
        return slots[i]
    }
}
