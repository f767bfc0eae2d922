// libFuzzer entry point for the capture readers. Built by run-fuzz.sh together with the engine's Capture, Model and
// Errors sources (not a SwiftPM target). One of FUZZ_PCAP, FUZZ_PCAPNG or FUZZ_HEX picks the reader under test.
// Every input must end in a capture or a QbitelError; a trap, an ASan report or a hang is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func qbitelFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = ByteSlice(Array(UnsafeBufferPointer(start: data, count: size)))
    #if FUZZ_HEX
    if HexDumpReader.detect(bytes) != nil {
        _ = try? HexDumpReader(bytes).readMessages()
    }
    _ = try? CaptureReader.read(bytes, name: "fuzz")
    #else
    #if FUZZ_PCAP
    guard PcapFileReader.matches(bytes) else { return -1 }
    #elseif FUZZ_PCAPNG
    guard PcapngFileReader.matches(bytes) else { return -1 }
    #endif
    for unit in CaptureOptions.MessageUnit.allCases {
        if let capture = try? CaptureReader.read(bytes, name: "fuzz", options: CaptureOptions(messageUnit: unit)) {
            // Touch every payload so a slice past its storage would be caught by ASan.
            var sum = 0
            for m in capture.messages { for b in m.payload { sum &+= Int(b) } }
            if sum == -1 { return 1 }
        }
    }
    #endif
    return 0
}
