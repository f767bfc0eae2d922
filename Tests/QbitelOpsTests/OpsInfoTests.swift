import Testing
import QbitelEngine
@testable import QbitelOps

@Suite struct OpsInfoTests {
    @Test func reportsTheEngineVersion() { #expect(OpsInfo.engineVersion == QbitelEngineInfo.version) }
}
