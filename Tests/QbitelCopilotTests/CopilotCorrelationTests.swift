import QbitelEngine
import Testing
@testable import QbitelCopilot

@Suite struct CopilotCorrelationTests {
    @Test func everyFailedRequestCarriesItsOwnCorrelationID() async {
        var config = CopilotConfiguration()
        config.ollamaURL = "http://127.0.0.1:9"
        let copilot = Copilot(configuration: config, retry: RetryPolicy(maxAttempts: 1))
        var ids: [String] = []
        for _ in 0..<2 {
            do {
                for try await _ in copilot.ask("hello") {}
                Issue.record("expected the request to fail")
            } catch let e as QbitelError {
                #expect(e.code == .providerUnreachable)
                if let id = e.correlationID { ids.append(id) }
            } catch {
                Issue.record("untyped error \(error)")
            }
        }
        #expect(ids.count == 2)
        #expect(Set(ids).count == 2)
    }
}
