import Foundation
import QbitelEngine
import Testing
@testable import QbitelTUI

@Suite struct ThemeTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes").path

    @Test func shippedThemesParseAndMatchTheBuiltInCopies() throws {
        for (name, text) in BuiltinThemes.all {
            let file = try String(contentsOfFile: "\(Self.themesDir)/\(name).theme", encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == text.trimmingCharacters(in: .newlines), "\(name) differs")
            let t = try ThemeParser.parse(file, source: name)
            #expect(t.name == name)
            #expect(Set(t.styles.keys) == Set(ThemeRole.allCases))
        }
        #expect(BuiltinThemes.all.count >= 4)
    }

    @Test func brokenThemeNamesTheLineAndFallsBack() throws {
        let path = NSTemporaryDirectory() + "broken-\(UInt32.random(in: 0...UInt32.max)).theme"
        try "name = x\ntext = white\nselection = purple on black\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = ThemeLoader.load(path)
        #expect(out.error?.code == .themeInvalid)
        #expect(out.error?.message.contains("line 3") == true)
        #expect(out.error?.message.contains("purple") == true)
        #expect(out.theme.name == "dark")
    }

    @Test func parserRejectsUnknownElementsAndAcceptsAllColourForms() throws {
        #expect(throws: QbitelError.self) { try ThemeParser.parse("bogus = red", source: "t") }
        #expect(throws: QbitelError.self) { try ThemeParser.parse("text red", source: "t") }
        #expect(throws: QbitelError.self) { try ThemeParser.parse("text = red on", source: "t") }
        let t = try ThemeParser.parse("text = bright-red on 17 bold underline\npalette = 1 2 default", source: "t")
        #expect(t[.text] == CellStyle(foreground: 9, background: 17, attributes: [.bold, .underline]))
        #expect(t.palette == [1, 2, -1])
        #expect(t[.muted] == Theme.dark[.muted])
    }

    @Test func unknownThemeNameFallsBackWithError() {
        let out = ThemeLoader.load("no-such-theme", searchDirectories: [])
        #expect(out.error?.code == .themeInvalid)
        #expect(ThemeLoader.load("light", searchDirectories: []).theme.name == "light")
    }

    @Test func colourModesFollowNoColorAndTerminalDepth() {
        #expect(ColorMode.detect(colors: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorMode.detect(colors: 256, environment: [:]) == .full256)
        #expect(ColorMode.detect(colors: 8, environment: [:]) == .basic8)
        #expect(ColorMode.detect(colors: 0, environment: [:]) == .monochrome)
        #expect(ColorMode.basic(196) == 1)
        #expect(ColorMode.basic(21) == 4)
        #expect(ColorMode.basic(-1) == -1)
    }
}
