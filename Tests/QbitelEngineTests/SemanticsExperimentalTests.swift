import Foundation
import Testing
@testable import QbitelEngine

@Suite struct SemanticsExperimentalTests {
    typealias S = SemanticsSynth

    /// Messages from flows whose client is 10.0.0.1 (see `SemanticsSynth.flow`), carrying `address` at offset 1.
    static func carrying(_ address: [UInt8], count: Int = 30) -> [Message] {
        (0..<count).map { i in S.message([7] + address + [UInt8(i)], index: i, flow: i % 3) }
    }

    @Test func hostOrderAddressOfAnEndpointIsFound() throws {
        let ms = Self.carrying([1, 0, 0, 10])
        let context = SemanticContext(messages: ms)
        let f = try #require(HostOrderIPv4Detector.detect(S.occurrences(ms, offset: 1, length: 4), context: context))
        #expect(f.kind == .ipv4 && f.endianness == .little)
        #expect(f.confidence > 0.7 && f.confidence <= HostOrderIPv4Detector.ceiling)
    }

    @Test func networkOrderAndPalindromesAreLeftToTheNetworkOrderDetector() {
        let network = Self.carrying([10, 0, 0, 1])
        #expect(HostOrderIPv4Detector.detect(S.occurrences(network, offset: 1, length: 4),
                                             context: SemanticContext(messages: network)) == nil)
        let other = Self.carrying([9, 8, 7, 6])
        #expect(HostOrderIPv4Detector.detect(S.occurrences(other, offset: 1, length: 4),
                                             context: SemanticContext(messages: other)) == nil)
    }

    @Test func randomBytesAreNeverHostOrderAddresses() {
        var rng = SemanticsRNG(seed: 77)
        for trial in 0..<20 {
            let ms = S.randomMessages(40, lengths: 8...40, &rng)
            let f = HostOrderIPv4Detector.detect(S.occurrences(ms, offset: trial % 4, length: 4), context: SemanticContext(messages: ms))
            #expect((f?.confidence ?? 0) < 0.5)
        }
    }

    @Test func fieldSemanticsCallsExperimentalDetectorsOnlyWhenAsked() {
        let ms = Self.carrying([1, 0, 0, 10])
        let occ = S.occurrences(ms, offset: 1, length: 4)
        let plain = FieldSemantics(context: SemanticContext(messages: ms))
        let experimental = FieldSemantics(context: SemanticContext(messages: ms), experimentalDetectors: true)
        #expect(!plain.candidates(occ).contains { $0.kind == .ipv4 && $0.endianness == .little })
        #expect(experimental.candidates(occ).contains { $0.kind == .ipv4 && $0.endianness == .little })
        #expect(experimental.classify(occ).kind == .ipv4)
    }

    @Test func optionsSavedWithoutTheFlagReadAsOff() throws {
        let old = #"{"typesOnly":false,"maxMessageLength":100}"#
        let o = try JSONDecoder().decode(DiscoveryOptions.self, from: Data(old.utf8))
        #expect(!o.experimentalDetectors && o.maxMessageLength == 100)
        let round = try JSONDecoder().decode(DiscoveryOptions.self,
                                             from: JSONEncoder().encode(DiscoveryOptions(experimentalDetectors: true)))
        #expect(round.experimentalDetectors)
    }
}
