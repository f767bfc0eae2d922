import Testing
@testable import QbitelEngine

@Suite struct NestedTLVParserTests {
    static func view(_ bytes: [UInt8]) -> MessageBytes { MessageBytes(SyntheticTraffic.messages([bytes])[0]) }

    /// SEQUENCE { INTEGER 1, OCTET STRING "ab", [0] { INTEGER 5 } }
    static let message: [UInt8] = [0x30, 12, 0x02, 1, 1, 0x04, 2, 0x61, 0x62, 0xA0, 3, 0x02, 1, 5]

    @Test func everyTagLengthAndValueIsAnEdge() {
        #expect(NestedTLVParser.boundaries(Self.view(Self.message)) == [1, 2, 2, 3, 4, 5, 5, 6, 7, 9, 9, 10, 11, 11, 12, 13])
    }

    @Test func lengthOctetsAreNamed() {
        #expect(NestedTLVParser.lengthOctets(Self.view(Self.message)) == [1, 3, 6, 10, 12])
        #expect(NestedTLVParser.lengthOctets(Self.view([1, 2, 3])) == nil)
    }

    @Test func longFormLengths() {
        let value = [UInt8](repeating: 0x41, count: 200)
        let bytes: [UInt8] = [0x30, 0x81, 208, 0x02, 1, 7, 0x05, 0, 0x04, 0x81, 200] + value
        let edges = NestedTLVParser.boundaries(Self.view(bytes)) ?? []
        #expect(edges.contains(9) && edges.contains(11))   // the string's length is two bytes, its value starts at 11
    }

    @Test func messagesThatDoNotTileExactlyAreNotRead() {
        // One byte short, one byte over, a lone primitive item, and random bytes.
        #expect(NestedTLVParser.boundaries(Self.view(Array(Self.message.dropLast()))) == nil)
        #expect(NestedTLVParser.boundaries(Self.view(Self.message + [0]))  == nil)
        #expect(NestedTLVParser.boundaries(Self.view([0x04, 3, 1, 2, 3])) == nil)
        var rng = SplitMix64(seed: 4)
        var parsed = 0
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 8...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if NestedTLVParser.boundaries(Self.view(bytes)) != nil { parsed += 1 }
        }
        #expect(parsed <= 2)
    }
}
