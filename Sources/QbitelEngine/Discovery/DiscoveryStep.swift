/// The steps of one discovery run, in order, as progress reports name them.
public enum DiscoveryStep: String, Sendable, Codable, CaseIterable {
    case statistics
    case clustering
    case boundaries
    case semantics
    case assembling
}
