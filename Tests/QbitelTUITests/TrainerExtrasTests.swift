import QbitelEngine
import Testing
@testable import QbitelTUI

/// Trainer extras (the `trainer_extras` feature flag, passed in as `TrainerOptions.extras`): one more step, showing
/// every detector's opinion on each field of the type.
@Suite struct TrainerExtrasTests {
    static func ready(extras: Bool) -> TrainerState {
        var t = TrainerState(captureName: "fixture.pcap", width: 160, height: 50, typeID: "T1", autoSeconds: nil, extras: extras)
        let c = WorkbenchFixture.capture()
        t.handle(.captureLoaded(c))
        t.handle(.discoveryFinished(WorkbenchFixture.discovery(c)))
        return t
    }

    @Test func extrasOffKeepsTheSixSteps() {
        let t = Self.ready(extras: false)
        #expect(t.steps.count == 6)
        #expect(!t.steps.contains { $0.title.contains("Every detector's opinion") })
    }

    @Test func extrasOnAddsTheDetectorOpinionsAfterTheMeanings() throws {
        var t = Self.ready(extras: true)
        #expect(t.steps.count == 7)
        let k = try #require(t.steps.firstIndex { $0.title.contains("Every detector's opinion") })
        #expect(t.steps[k - 1].title.contains("Field meanings"))
        #expect(t.steps[k + 1].title.contains("grammar"))
        // One line per field after the header, each naming at least one kind with a percentage.
        let opinions = t.steps[k].lines.dropFirst()
        #expect(!opinions.isEmpty)
        #expect(opinions.contains { $0.text.contains("%") })
        t.index = k
        let screen = TrainerView(theme: Theme.dark.resolved(for: .full256)).render(t).text
        #expect(screen.contains("step \(k + 1)/7"))
    }

    @Test func optionsCarryTheChoiceToTheState() {
        #expect(!TrainerOptions(capturePath: nil).extras)
        #expect(TrainerOptions(capturePath: nil, extras: true).extras)
    }
}
