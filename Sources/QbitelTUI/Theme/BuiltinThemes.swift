/// The shipped themes, compiled in so the binary works away from the source tree.
/// Each text is the same as `themes/NAME.theme` (a test checks they stay equal).
enum BuiltinThemes {
    static let dark = """
# QBITEL Workbench theme: dark (the default)
# Format: ELEMENT = FOREGROUND [on BACKGROUND] [bold] [underline] [reverse] [dim]
# Colours: default, black, red, green, yellow, blue, magenta, cyan, white, bright-NAME, or 0-255 (xterm).
name = dark
text = 252 on default
muted = 244
border = 240
border-focused = 75 bold
title = 250
title-focused = 81 bold
header = 110 bold
selection = 231 on 24 bold
cursor = 16 on 220 bold
highlight = 231 on 238
status-bar = 252 on 236
status-key = 81 on 236 bold
status-error = 231 on 124 bold
status-ok = 114 on 236
status-warning = 221 on 236
hex-offset = 242
boundary = 220 bold
valid = 114
invalid = 203 bold
bookmark = 213 bold
overlay = 252 on 235
input = 231 on 237
narration = 223
palette = 75 208 114 170 221 81 203 150 141 180 44 216
boxes = unicode
"""

    static let light = """
# QBITEL Workbench theme: light, for terminals with a white background
name = light
text = 235 on default
muted = 245
border = 250
border-focused = 25 bold
title = 240
title-focused = 25 bold
header = 24 bold
selection = 16 on 153 bold
cursor = 231 on 130 bold
highlight = 16 on 254
status-bar = 235 on 253
status-key = 25 on 253 bold
status-error = 231 on 160 bold
status-ok = 28 on 253
status-warning = 130 on 253
hex-offset = 246
boundary = 160 bold
valid = 28
invalid = 160 bold
bookmark = 127 bold
overlay = 235 on 255
input = 16 on 254
narration = 94
palette = 25 166 28 127 136 31 160 64 91 94 30 130
boxes = unicode
"""

    static let highContrast = """
# QBITEL Workbench theme: high contrast, for projectors and low vision (pure black and white plus bright colours)
name = high-contrast
text = bright-white on black
muted = white on black
border = white on black
border-focused = bright-yellow on black bold
title = bright-white on black bold
title-focused = bright-yellow on black bold
header = bright-cyan on black bold underline
selection = black on bright-yellow bold
cursor = black on bright-cyan bold
highlight = black on white bold
status-bar = black on white
status-key = black on white bold underline
status-error = bright-white on red bold
status-ok = black on bright-green
status-warning = black on bright-yellow
hex-offset = white on black
boundary = bright-yellow on black bold
valid = bright-green on black bold
invalid = bright-red on black bold
bookmark = bright-magenta on black bold
overlay = bright-white on black
input = black on bright-white
narration = bright-white on black bold
palette = bright-cyan bright-yellow bright-green bright-magenta bright-red bright-blue bright-white
boxes = unicode
"""

    static let mono = """
# QBITEL Workbench theme: monochrome, attributes only (also what NO_COLOR gives); field boundaries show as marks
name = mono
text = default
muted = dim
border = default
border-focused = bold
title = default
title-focused = bold underline
header = bold underline
selection = reverse
cursor = reverse bold
highlight = bold underline
status-bar = reverse
status-key = reverse bold
status-error = reverse bold underline
status-ok = reverse
status-warning = reverse underline
hex-offset = dim
boundary = bold
valid = default
invalid = bold
bookmark = bold underline
overlay = default
input = underline
narration = bold
palette = default
boxes = unicode
"""

    /// File name (without `.theme`) to text.
    static let all: [String: String] = ["dark": dark, "light": light, "high-contrast": highContrast, "mono": mono]
}
