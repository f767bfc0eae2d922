import Foundation
import Testing
@testable import QbitelEngine

@Suite struct OrchestratorOptionsTests {
    @Test func theCacheTagNamesTheRunningBuild() {
        // On Linux the build is read from the running executable, so it says more than the version.
        #expect(QbitelEngineInfo.build.hasPrefix(QbitelEngineInfo.version + "+"))
        let buildHash = String(SHA256Hash.hex(Array(QbitelEngineInfo.build.utf8)).prefix(8))
        #expect(OrchestratorOptions().tag.hasSuffix("-b" + buildHash))
    }

    @Test func aResultSavedByAnotherBuildIsNotServed() async {
        let (cap, d) = GrammarFixtures.capture(count: 60)
        let cache = InMemoryDiscoveryCache()
        let options = OrchestratorOptions()
        let first = await Orchestrator(options: options, cache: cache, discover: { _, _ in d }).run(cap)
        #expect(!first.fromCache)
        var stale = first
        stale.optionsTag = options.tag.replacingOccurrences(of: "-b", with: "-bOLD")
        cache.save(stale, hash: first.captureHash)
        let second = await Orchestrator(options: options, cache: cache, discover: { _, _ in d }).run(cap)
        #expect(!second.fromCache)
        let third = await Orchestrator(options: options, cache: cache, discover: { _, _ in d }).run(cap)
        #expect(third.fromCache)
    }
}
