import Testing
@testable import QbitelCopilot

@Suite struct CopilotInfoTests {
    @Test func linksLibcurl() { #expect(CopilotInfo.curlVersion.contains("libcurl")) }
}
