#include "CNCurses.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>

static volatile int cn_wake_fd = -1;
static volatile sig_atomic_t cn_curses_active = 0;

SCREEN *cn_open_terminal(const char *term) {
    SCREEN *s = newterm(term, stdout, stdin);
    if (s) cn_curses_active = 1;
    return s;
}

SCREEN *cn_open_terminal_on(const char *term, FILE *out, FILE *in) {
    return newterm(term, out, in);
}

int cn_can_address_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

void cn_put_cell(int y, int x, unsigned int codepoint, attr_t attrs, short pair) {
    wchar_t w[2] = { (wchar_t)codepoint, 0 };
    cchar_t c;
    setcchar(&c, w, attrs, pair, NULL);
    mvadd_wch(y, x, &c);
}

int cn_read_key(unsigned int *ch) {
    wint_t w = 0;
    int r = wget_wch(stdscr, &w);
    if (r == ERR) return 0;
    *ch = (unsigned int)w;
    return r == KEY_CODE_YES ? 2 : 1;
}

int cn_read_mouse(int *y, int *x) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *y = e.y;
    *x = e.x;
    if (e.bstate & BUTTON4_PRESSED) return 4;
    if (e.bstate & BUTTON5_PRESSED) return 5;
    if (e.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)) return 1;
    return 0;
}

void cn_enable_mouse(void) {
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}

int cn_key_code(int which) {
    switch (which) {
    case 0: return KEY_UP;
    case 1: return KEY_DOWN;
    case 2: return KEY_LEFT;
    case 3: return KEY_RIGHT;
    case 4: return KEY_PPAGE;
    case 5: return KEY_NPAGE;
    case 6: return KEY_HOME;
    case 7: return KEY_END;
    case 8: return KEY_BACKSPACE;
    case 9: return KEY_DC;
    case 10: return KEY_BTAB;
    case 11: return KEY_ENTER;
    case 12: return KEY_RESIZE;
    case 13: return KEY_MOUSE;
    default: return -1;
    }
}

static void cn_wake(char c) {
    int fd = cn_wake_fd;
    if (fd >= 0) { ssize_t n = write(fd, &c, 1); (void)n; }
}

static void cn_on_term(int sig) { (void)sig; cn_wake('T'); }
static void cn_on_tstp(int sig) { (void)sig; cn_wake('Z'); }
static void cn_on_cont(int sig) { (void)sig; cn_wake('C'); }

static void cn_on_crash(int sig) {
    if (cn_curses_active) endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static const int cn_signals[] = { SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT };
#define CN_NSIG (sizeof cn_signals / sizeof cn_signals[0])
static struct sigaction cn_previous[CN_NSIG];
static struct sigaction cn_prev_winch;
static volatile sig_atomic_t cn_installed = 0;
static volatile sig_atomic_t cn_winch_chained = 0;

static void cn_set(int sig, void (*h)(int), struct sigaction *old) {
    struct sigaction a;
    memset(&a, 0, sizeof a);
    a.sa_handler = h;
    sigemptyset(&a.sa_mask);
    sigaction(sig, &a, old);
}

void cn_install_signal_handlers(int wake_fd) {
    cn_wake_fd = wake_fd;
    // The UI thread may have inherited a mask that blocks these; it must see them.
    sigset_t set;
    sigemptyset(&set);
    for (unsigned i = 0; i < CN_NSIG; i++) sigaddset(&set, cn_signals[i]);
    sigaddset(&set, SIGWINCH);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    void (*handlers[])(int) = { cn_on_term, cn_on_term, cn_on_term, cn_on_tstp, cn_on_cont, cn_on_crash, cn_on_crash,
                                cn_on_crash, cn_on_crash, cn_on_crash, cn_on_crash };
    for (unsigned i = 0; i < CN_NSIG; i++) cn_set(cn_signals[i], handlers[i], &cn_previous[i]);
    cn_installed = 1;
}

// SIGWINCH may land on any thread; ncurses' own handler only sets a flag, so also wake the poll() of the UI thread.
static void cn_on_winch(int sig) {
    struct sigaction p = cn_prev_winch;
    if (p.sa_flags & SA_SIGINFO) {
        if (p.sa_sigaction) p.sa_sigaction(sig, NULL, NULL);
    } else if (p.sa_handler != SIG_DFL && p.sa_handler != SIG_IGN && p.sa_handler) {
        p.sa_handler(sig);
    }
    cn_wake('W');
}

void cn_chain_winch(void) {
    struct sigaction a;
    memset(&a, 0, sizeof a);
    a.sa_handler = cn_on_winch;
    sigemptyset(&a.sa_mask);
    a.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &a, &cn_prev_winch);
    cn_winch_chained = 1;
}

void cn_suspend_self(void) {
    cn_set(SIGTSTP, SIG_DFL, NULL);
    // Process-directed: the calling thread may block SIGTSTP (threads inherit the pool's mask).
    kill(getpid(), SIGTSTP);
    // Execution resumes here after SIGCONT.
    cn_set(SIGTSTP, cn_on_tstp, NULL);
}

void cn_remove_signal_handlers(void) {
    if (cn_installed) {
        for (unsigned i = 0; i < CN_NSIG; i++) sigaction(cn_signals[i], &cn_previous[i], NULL);
        cn_installed = 0;
    }
    if (cn_winch_chained) {
        sigaction(SIGWINCH, &cn_prev_winch, NULL);
        cn_winch_chained = 0;
    }
    cn_curses_active = 0;
    cn_wake_fd = -1;
}
