import Testing
@testable import QbitelEngine

@Suite struct ExportFormatTests {
    @Test func theFileExtensionChoosesTheFormat() {
        #expect(ExportFormat(path: "/tmp/out.lua") == .wireshark)
        #expect(ExportFormat(path: "proto.KSY") == .kaitai)
        #expect(ExportFormat(path: "result.json") == .json)
        #expect(ExportFormat(path: "no-extension") == .json)
        #expect(ExportFormat(path: "archive.lua.txt") == .json)
    }
}
