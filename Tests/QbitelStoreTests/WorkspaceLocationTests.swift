import Testing
@testable import QbitelStore

@Suite struct WorkspaceLocationTests {
    @Test func overrideWins() {
        #expect(WorkspaceLocation.resolve(override: "/tmp/x.sqlite", environment: ["XDG_DATA_HOME": "/d"]) == "/tmp/x.sqlite")
        #expect(WorkspaceLocation.resolve(override: "~/w.sqlite", environment: ["HOME": "/home/a"]) == "/home/a/w.sqlite")
    }

    @Test func followsXDGThenHome() {
        #expect(WorkspaceLocation.resolve(override: nil, environment: ["XDG_DATA_HOME": "/data/", "HOME": "/home/a"])
                == "/data/qbitel/workspace.sqlite")
        #expect(WorkspaceLocation.resolve(override: nil, environment: ["HOME": "/home/a"]) == "/home/a/.local/share/qbitel/workspace.sqlite")
        // A relative XDG_DATA_HOME is invalid by the spec and ignored.
        #expect(WorkspaceLocation.resolve(override: nil, environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"])
                == "/h/.local/share/qbitel/workspace.sqlite")
    }
}
