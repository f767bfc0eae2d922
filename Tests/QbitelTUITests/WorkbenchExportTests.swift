import QbitelEngine
import Testing
@testable import QbitelTUI

@Suite struct WorkbenchExportTests {
    @Test func analystNamesBecomeGrammarRenames() {
        var a = Annotations()
        a.apply(.renameType("T1", "Hello"))
        a.apply(.renameField(FieldKey(typeID: "T1", offset: 4), "seq"))
        a.apply(.renameField(FieldKey(typeID: "T2", offset: 0), "opcode"))
        let r = BackgroundWork.renames(a)
        #expect(r.typeNames == ["T1": "Hello"])
        #expect(r.fieldNames == ["T1": [4: "seq"], "T2": [0: "opcode"]])
        #expect(BackgroundWork.renames(Annotations()).isEmpty)
    }
}
