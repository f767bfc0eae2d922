import Testing
@testable import QbitelEngine

@Suite struct NulTerminatedStringsTests {
    static func view(_ bytes: [UInt8]) -> MessageBytes { MessageBytes(SyntheticTraffic.messages([bytes])[0]) }

    @Test func aPrintableRunClosedByZeroIsOneFieldWithItsNul() {
        // opcode 00 01 | "file.bin" NUL | "octet" NUL
        let m = Self.view([0, 1] + Array("file.bin".utf8) + [0] + Array("octet".utf8) + [0])
        #expect(NulTerminatedStrings.find(m) == [2..<11, 11..<17])
    }

    @Test func shortOrCapitalRunsBeforeAZeroAreNotText() {
        // A magic and a type byte ("SMBr") before a zero status, and a 3-byte run.
        #expect(NulTerminatedStrings.find(Self.view([0xFF] + Array("SMBr".utf8) + [0, 0, 0])) == [])
        #expect(NulTerminatedStrings.find(Self.view([0x8F] + Array("abc".utf8) + [0])) == [])
        // A run of capitals long enough is text.
        #expect(NulTerminatedStrings.find(Self.view(Array("LANMAN1.0".utf8) + [0])) == [0..<10])
        // No NUL after the run: not a C string.
        #expect(NulTerminatedStrings.find(Self.view(Array("plain text".utf8))) == [])
    }

    @Test func edgesInsideAStringGiveWayToItsEnds() {
        let m = Self.view([0, 1] + Array("name".utf8) + [0, 7])
        let evidence = [2, 4, 6, 7].map { BoundaryEvidence(offset: $0, confidence: 0.6, rule: "columns") }
        let out = NulTerminatedStrings.apply(evidence, m)
        #expect(Set(out.map(\.offset)) == [2, 7])
        #expect(out.contains { $0.offset == 7 && $0.rule == "NUL-terminated string" })
    }
}
