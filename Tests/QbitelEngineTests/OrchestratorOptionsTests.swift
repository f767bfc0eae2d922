import Foundation
import Testing
@testable import QbitelEngine

@Suite struct OrchestratorOptionsTests {
    @Test func theCacheTagNamesTheRunningBuild() {
        // On Linux the build is read from the running executable, so it says more than the version.
        #expect(QbitelEngineInfo.build.hasPrefix(QbitelEngineInfo.version + "+"))
        let buildHash = String(SHA256Hash.hex(Array(QbitelEngineInfo.build.utf8)).prefix(8))
        #expect(OrchestratorOptions().tag.hasSuffix("-b" + buildHash))
    }

    @Test func aResultSavedByAnotherBuildIsNotServed() async {
        let (cap, d) = GrammarFixtures.capture(count: 60)
        let cache = InMemoryDiscoveryCache()
        let options = OrchestratorOptions()
        let first = await Orchestrator(options: options, cache: cache, discover: { _, _ in d }).run(cap)
        #expect(!first.fromCache)
        var stale = first
        stale.optionsTag = options.tag.replacingOccurrences(of: "-b", with: "-bOLD")
        cache.save(stale, hash: first.captureHash)
        let second = await Orchestrator(options: options, cache: cache, discover: { _, _ in d }).run(cap)
        #expect(!second.fromCache)
        let third = await Orchestrator(options: options, cache: cache, discover: { _, _ in d }).run(cap)
        #expect(third.fromCache)
    }

    /// A retransmitted request: the segment unit keeps both copies, the stream unit one; every stream chunk is a
    /// single segment, so both captures hash to the file's bytes and only the tag tells the runs apart.
    @Test func aRunOfTheOtherMessageUnitIsNotServed() async throws {
        let frames = [
            CaptureBuilder.tcpFrame(seq: 100, flags: 0x02),
            CaptureBuilder.tcpFrame(fromA: false, seq: 900, flags: 0x12),
            CaptureBuilder.tcpFrame(seq: 101, Array("REQ one\r\n".utf8)),
            CaptureBuilder.tcpFrame(seq: 101, Array("REQ one\r\n".utf8)),
            CaptureBuilder.tcpFrame(fromA: false, seq: 901, Array("RESP one\r\n".utf8)),
            CaptureBuilder.tcpFrame(seq: 110, Array("REQ two\r\n".utf8)),
            CaptureBuilder.tcpFrame(fromA: false, seq: 911, Array("RESP two\r\n".utf8)),
        ]
        let bytes = ByteSlice(CaptureBuilder.pcap(frames))
        let segments = try CaptureReader.read(bytes, name: "retransmit.pcap", options: CaptureOptions(messageUnit: .segment))
        let stream = try CaptureReader.read(bytes, name: "retransmit.pcap", options: CaptureOptions(messageUnit: .streamChunk))
        #expect(segments.messages.count == 5)
        #expect(stream.messages.count == 4)
        #expect(CaptureContentHash.compute(segments) == CaptureContentHash.compute(stream))

        let cache = InMemoryDiscoveryCache()
        let first = await Orchestrator(options: OrchestratorOptions(messageUnit: .segment), cache: cache).run(segments)
        #expect(!first.fromCache)
        let other = await Orchestrator(options: OrchestratorOptions(messageUnit: .streamChunk), cache: cache).run(stream)
        #expect(!other.fromCache)
        #expect(other.discovery?.messages.count == 4)
        let again = await Orchestrator(options: OrchestratorOptions(messageUnit: .streamChunk), cache: cache).run(stream)
        #expect(again.fromCache)
    }
}
