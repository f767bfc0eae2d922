#ifndef CNCURSES_H
#define CNCURSES_H
// Wide-character ncurses: these must come before curses.h or cchar_t and the wide functions stay hidden.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <locale.h>
#include <wchar.h>
#include <stdio.h>

// Swift 6 cannot touch mutable C globals or macros: typed getters instead.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline const char *cn_curses_version(void) { return curses_version(); }
extern int wcwidth(wchar_t);
static inline int cn_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/// Opens the terminal on stdin/stdout without `exit()` on an unknown TERM; returns NULL when it cannot.
SCREEN *cn_open_terminal(const char *term);
/// Opens a terminal of type `term` writing to `out` (benchmarks count the bytes); returns NULL when it cannot.
SCREEN *cn_open_terminal_on(const char *term, FILE *out, FILE *in);
/// True when the terminal can address the cursor (TERM=dumb cannot).
int cn_can_address_cursor(void);
/// Puts one character cell (a code point, its attributes and colour pair) at row y, column x of stdscr.
void cn_put_cell(int y, int x, unsigned int codepoint, attr_t attrs, short pair);
/// Reads one key without blocking: returns 0 for none, 1 for a character in *ch, 2 for a function key in *ch.
int cn_read_key(unsigned int *ch);
/// Reads a pending mouse event: kind 1 = left click, 4 = wheel up, 5 = wheel down, 0 = other.
int cn_read_mouse(int *y, int *x);
/// Turns on clicks and the wheel.
void cn_enable_mouse(void);
/// The codes of the function keys the workbench reads.
int cn_key_code(int which);

/// Signal plumbing lives in C so Swift keeps no mutable globals: handlers write one byte to `wake_fd`
/// ('T' for SIGTERM/SIGHUP/SIGINT, 'Z' for SIGTSTP, 'C' for SIGCONT). Crash signals restore the terminal and re-raise.
void cn_install_signal_handlers(int wake_fd);
/// After newterm: chain a SIGWINCH handler that wakes the event loop (ncurses keeps its own).
void cn_chain_winch(void);
/// Puts the default SIGTSTP action back, stops the process, and reinstalls the handler after `fg`.
void cn_suspend_self(void);
/// Restores the handlers that were there before.
void cn_remove_signal_handlers(void);

#endif
