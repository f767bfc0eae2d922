import QbitelEngine
import Testing
@testable import QbitelTUI

@Suite struct ValueInspectorTests {
    @Test func decodesEveryWidthInBothByteOrders() {
        let b = ByteSlice([0xc0, 0xa8, 0x01, 0x0a, 0x00, 0x00, 0x00, 0x01])
        let text = ValueInspector.lines(b, at: 0).joined(separator: "\n")
        #expect(text.contains("u8 192  i8 -64"))
        #expect(text.contains("u16 be 49320 le 43200"))
        #expect(text.contains("ipv4 192.168.1.10"))
        #expect(text.contains("u64 be \(UInt64(0xc0a8010a_00000001))"))
        #expect(ValueInspector.lines(b, at: 8).isEmpty)
        #expect(ValueInspector.lines(b, at: 7).count == 2)
    }

    @Test func timestampsAndFieldValuesFormat() {
        #expect(UTCDate.format(seconds: 0) == "1970-01-01 00:00:00Z")
        #expect(UTCDate.format(seconds: 1_700_000_000) == "2023-11-14 22:13:20Z")
        #expect(FieldValueFormatter.format(ByteSlice([0, 12]), kind: .length, endianness: .big) == "12")
        #expect(FieldValueFormatter.format(ByteSlice([0, 12]), kind: .length, endianness: .little) == "3072")
        #expect(FieldValueFormatter.format(ByteSlice(Array("Hi\u{1}".utf8)), kind: .string, endianness: nil) == "\"Hi.\"")
        #expect(FieldValueFormatter.format(ByteSlice([1, 2, 3]), kind: .bytes, endianness: nil) == "010203")
    }

    @Test func bytePatternsParseHexAndText() {
        #expect(BytePattern.parse("0x01ff")?.bytes == [1, 255])
        #expect(BytePattern.parse("01 ff")?.bytes == [1, 255])
        #expect(BytePattern.parse("GET")?.bytes == Array("GET".utf8))
        #expect(BytePattern.parse("\"cafe\"")?.bytes == Array("cafe".utf8))
        #expect(BytePattern.find([3, 4], in: ByteSlice([1, 2, 3, 4]), from: 0) == 2)
        #expect(BytePattern.find([3, 4], in: ByteSlice([1, 2, 3, 4]), from: 3) == nil)
    }
}
