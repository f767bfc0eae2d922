/// A group of messages inferred to share one format, before ids are assigned.
struct TypeCluster: Sendable {
    /// Indices into the discovery run's message array.
    var members: [Int]
    /// How the cluster was found, for the analyst: "byte 2 & 0x80 = 0x80".
    var rule: String
    /// How sure the split that made the cluster is, in [0, 1].
    var confidence: Double
    /// Columns of keys the request/response pairing confirmed as types on the way to this cluster: clusters that
    /// differ there are different types, however alike their layouts.
    var typeColumns: Set<Int> = []
}
