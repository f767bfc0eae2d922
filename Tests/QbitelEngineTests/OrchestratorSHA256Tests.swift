import Testing
@testable import QbitelEngine

@Suite struct OrchestratorSHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256Hash.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hash.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hash.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Hash.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingInPiecesEqualsOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var h = SHA256Hash()
        for chunk in [0..<1, 1..<63, 63..<64, 64..<200, 200..<1000] { h.update(Array(data[chunk])) }
        #expect(Hex.encode(h.finalize()) == SHA256Hash.hex(data))
    }

    @Test func captureHashFollowsContent() {
        let (a, _) = GrammarFixtures.capture(count: 20)
        let (b, _) = GrammarFixtures.capture(count: 20)
        let (c, _) = GrammarFixtures.capture(count: 20, seed: 99)
        #expect(CaptureContentHash.compute(a) == CaptureContentHash.compute(b))
        #expect(CaptureContentHash.compute(a) != CaptureContentHash.compute(c))
    }
}
