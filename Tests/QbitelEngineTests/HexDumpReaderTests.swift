import Testing
@testable import QbitelEngine

@Suite struct HexDumpReaderTests {
    let data: [UInt8] = Array("Hello world, this is a test".utf8) + [0, 1, 2]

    func read(_ text: String) throws -> Capture {
        try CaptureReader.read(ByteSlice(Array(text.utf8)), name: "dump.txt")
    }

    /// Output of `xxd` for `data`, as the tool prints it.
    let xxd = """
        00000000: 4865 6c6c 6f20 776f 726c 642c 2074 6869  Hello world, thi
        00000010: 7320 6973 2061 2074 6573 7400 0102       s is a test...

        """

    /// Output of `hexdump -C` for `data`.
    let hexdumpC = """
        00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |Hello world, thi|
        00000010  73 20 69 73 20 61 20 74  65 73 74 00 01 02        |s is a test...|
        0000001e

        """

    @Test func readsXxdOutput() throws {
        #expect(HexDumpReader.detect(ByteSlice(Array(xxd.utf8))) == .xxd)
        let cap = try read(xxd)
        #expect(cap.format == .hexdump)
        #expect(cap.messages.count == 1)
        #expect(cap.messages[0].payload.array == data)
        #expect(cap.messages[0].flow.transport == Transport.none)
    }

    @Test func readsXxdWithOneByteGroupsAndTwoMessages() throws {
        let text = """
            00000000: 01 02 03  ...
            00000000: 0a 0b  ..
            """
        let cap = try read(text)
        #expect(cap.messages.map { $0.payload.array } == [[1, 2, 3], [10, 11]])
        #expect(cap.frameCount == 2)
    }

    @Test func readsHexdumpCWithRepeatLines() throws {
        #expect(HexDumpReader.detect(ByteSlice(Array(hexdumpC.utf8))) == .hexdumpC)
        #expect(try read(hexdumpC).messages.first?.payload.array == data)
        let zeros = """
            00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
            *
            00000040  01                                                |.|
            00000041

            """
        let cap = try read(zeros)
        #expect(cap.messages.count == 1)
        #expect(cap.messages[0].payload.array == [UInt8](repeating: 0, count: 64) + [1])
        let counting = "00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n*\n00000070\n"
        let seven = try read(counting)
        #expect(seven.messages.first?.payload.array == Array(repeating: Array(UInt8(0)...UInt8(15)), count: 7).flatMap { $0 })
    }

    @Test func readsPlainHexOneMessagePerLine() throws {
        let text = "# captured by hand\n0102 0304 ff\r\n\nDEADbeef\n  00 11 22  \n"
        #expect(HexDumpReader.detect(ByteSlice(Array(text.utf8))) == .plain)
        let cap = try read(text)
        #expect(cap.messages.map { $0.payload.array } == [[1, 2, 3, 4, 255], [0xDE, 0xAD, 0xBE, 0xEF], [0, 0x11, 0x22]])
        #expect(cap.messages.map(\.frame) == [1, 2, 3])
        #expect(cap.flows.count == 1)
        #expect(cap.flows[0].clientToServerMessages == 3)
    }

    @Test(arguments: [
        ("0102\n0304\n05g6\n", 3, "not a hex digit"),
        ("0102\n030\n", 2, "odd number"),
        ("00000000: 0102  ..\n00000004: 0304  ..\n", 2, "does not follow"),
        ("00000000  00 01 02  |...|\nzz\n", 2, "offset"),
        ("00000000  00 01 02  |...|\n*\n00000005\n", 3, "does not close"),
        ("00000000: 0102  ..\n00000002: 0x  ..\n", 2, "odd number"),
        ("00000000  00 01  |..|\n*\n02000002\n", 3, "MiB in all"), // 32 MiB claimed by 24 bytes of text
    ])
    func badLineIsError1017WithItsNumber(text: String, line: Int, why: String) throws {
        let e = try #require(throws: QbitelError.self) { try read(text) }
        #expect(e.code == .badHexDump)
        #expect(e.message.hasPrefix("line \(line):"))
        #expect(e.message.contains(why))
        #expect(e.details["line"] == "\(line)")
        #expect(e.offset != nil)
    }

    /// Found by the fuzzer: two `*` lines claiming gigabytes made a 143-byte file run for seconds.
    @Test func hugeRepeatClaimsFailFast() throws {
        let text = "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |...........|\n*\n"
            + "0000004000000  00  00 00 00  |++++++..|\n*\n000000400000000 0\n 0 000\n"
        let e = try #require(throws: QbitelError.self) { try read(text) }
        #expect(e.code == .badHexDump)
        #expect(e.message.hasPrefix("line 3:"))
    }

    @Test func otherTextAndBinaryAreNotHexDumps() throws {
        #expect(HexDumpReader.detect(ByteSlice(Array("Dear analyst,\nhere is the file.\n".utf8))) == nil)
        #expect(HexDumpReader.detect(ByteSlice([0x00, 0xFF, 0x30, 0x31]) ) == nil)
        let e = try #require(throws: QbitelError.self) { try read("Dear analyst,\n") }
        #expect(e.code == .unknownFormat)
    }
}
