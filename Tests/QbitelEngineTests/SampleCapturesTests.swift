import Foundation
import Testing
@testable import QbitelEngine

/// The bundled sample captures must read to the frame and message counts tshark gave when they were recorded
/// (`sample-captures/expected-counts.json`).
@Suite struct SampleCapturesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sample-captures")

    @Test func countsEqualTsharks() throws {
        let manifest = Self.folder.appendingPathComponent("expected-counts.json")
        // Until the samples are recorded there is nothing to compare; the test then has nothing to check.
        guard FileManager.default.fileExists(atPath: manifest.path) else { return }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: manifest))
        let entries = try #require(json as? [String: Any], "expected-counts.json must be an object")
        #expect(!entries.isEmpty)
        for (file, value) in entries.sorted(by: { $0.key < $1.key }) {
            let expected = try #require(value as? [String: Any], "\(file): entry must be an object")
            let frames = try #require(expected["frames"] as? Int, "\(file): frames")
            let messages = try #require(expected["messages"] as? Int, "\(file): messages")
            let cap = try CaptureReader.read(path: Self.folder.appendingPathComponent(file).path)
            #expect(cap.frameCount == frames, "\(file) frames")
            #expect(cap.messages.count == messages, "\(file) messages")
        }
    }
}
