/// Depth-first, pre-order numbering of every node of a grammar.
///
/// The parser numbers nodes in this order, and EM and validation find a node by the same number, so statistics
/// gathered from parse trees land on the right grammar node.
extension Grammar {
    /// Visits every node in pre-order with its number and type index; `body` may change the node.
    public mutating func updateNodes(_ body: (Int, Int, inout GrammarNode) -> Void) {
        var counter = 0
        for t in types.indices {
            GrammarTraversal.update(&types[t].nodes, type: t, counter: &counter, body)
        }
    }

    /// Visits every node in pre-order with its number and type index.
    public func forEachNode(_ body: (Int, Int, GrammarNode) -> Void) {
        var copy = self
        copy.updateNodes { id, t, n in body(id, t, n) }
    }
}

enum GrammarTraversal {
    static func update(_ nodes: inout [GrammarNode], type: Int, counter: inout Int,
                       _ body: (Int, Int, inout GrammarNode) -> Void) {
        for i in nodes.indices {
            body(counter, type, &nodes[i])
            counter += 1
            if var b = nodes[i].body {
                update(&b, type: type, counter: &counter, body)
                nodes[i].body = b
            }
            if var cs = nodes[i].choices {
                for c in cs.indices { update(&cs[c], type: type, counter: &counter, body) }
                nodes[i].choices = cs
            }
        }
    }
}
