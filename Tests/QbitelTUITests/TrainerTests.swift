import QbitelEngine
import Testing
@testable import QbitelTUI

@Suite struct TrainerTests {
    static func ready(width: Int = 160, height: Int = 50) -> TrainerState {
        var t = TrainerState(captureName: "fixture.pcap", width: width, height: height, typeID: "T1", autoSeconds: nil)
        let c = WorkbenchFixture.capture()
        t.handle(.captureLoaded(c))
        t.handle(.discoveryFinished(WorkbenchFixture.discovery(c)))
        return t
    }

    static func screen(_ t: TrainerState) -> String { TrainerView(theme: Theme.dark.resolved(for: .full256)).render(t).text }

    @Test func walksSixStepsForwardAndBack() {
        var t = Self.ready()
        #expect(t.steps.count == 6)
        #expect(Self.screen(t).contains("step 1/6: 1 · Byte statistics per column"))
        t.handle(.key(.right))
        t.handle(.key(.char(" ")))
        #expect(t.index == 2)
        #expect(Self.screen(t).contains("Clustering messages into types"))
        t.handle(.key(.left))
        #expect(Self.screen(t).contains("Boundary candidates"))
        t.handle(.key(.char("G")))
        #expect(Self.screen(t).contains("valid 10   invalid 0"))
        t.handle(.key(.char("q")))
        #expect(t.shouldQuit)
    }

    @Test func statisticsAndBoundaryScoresComeFromTheBytes() {
        let t = Self.ready()
        let text = Self.screen(t)
        // Offset 0 is constant 0x01 in T1; offset 6 is the counter, all different.
        #expect(text.contains("     0         1     0.00   0x01  100%"))
        #expect(text.contains("     6        10     3.32"))
        let cols = ByteColumnProfile.compute((0..<10).map { ByteSlice([1, UInt8($0)]) })
        #expect(cols[0].distinct == 1 && cols[0].entropy == 0)
        #expect(abs(cols[1].entropy - 3.3219) < 0.001)
        #expect(ByteColumnProfile.boundaryScores(cols)[1] > 0.5)
    }

    @Test func autoAdvanceStopsAtTheLastStep() {
        var t = Self.ready()
        for _ in 0..<10 { t.tick() }
        #expect(t.index == 5)
    }

    @Test func builtInDemoCaptureHasTwoDirections() {
        let c = TrainerDemoCapture.make(messages: 10)
        #expect(c.messages.count == 10)
        #expect(Set(c.messages.map(\.direction)).count == 2)
        #expect(c.messages[0].payload[0] == 0x01)
    }

    @Test func waitsForDiscoveryBeforeShowingSteps() {
        let t = TrainerState(captureName: "x.pcap", width: 120, height: 40, typeID: nil, autoSeconds: 2)
        #expect(Self.screen(t).contains("Trainer: reading capture"))
    }
}
