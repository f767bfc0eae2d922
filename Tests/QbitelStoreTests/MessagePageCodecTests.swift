import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct MessagePageCodecTests {
    @Test func roundTripKeepsEveryBitOfEveryMessage() throws {
        let r = SyntheticDiscovery.result(seed: 7, messageCount: 300)
        var messages = r.messages
        messages[3].fields[0].name = "ünïcode ✓"
        messages[4].fields = []
        messages[5].boundaries = [0, 9, 4, 20]  // not sorted: stored as signed deltas
        messages[6].fields[1].confidence = .pi
        let bytes = MessagePageCodec.encode(messages[...])
        #expect(try MessagePageCodec.decode(bytes) == messages)
    }

    @Test func refusesTruncatedAndForeignBytes() {
        let bytes = MessagePageCodec.encode(SyntheticDiscovery.result(seed: 1, messageCount: 20).messages[...])
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: QbitelError.self) { try MessagePageCodec.decode(Array(bytes[0..<cut])) }
        }
        do {
            _ = try MessagePageCodec.decode([9, 0, 0])
            Issue.record("a foreign format version decoded")
        } catch let e as QbitelError {
            #expect(e.code == .workspaceCorrupt)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
