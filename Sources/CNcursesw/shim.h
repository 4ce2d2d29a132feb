#ifndef SNAPREAD_CNCURSESW_SHIM_H
#define SNAPREAD_CNCURSESW_SHIM_H

// SwiftPM drops the -D flags that pkg-config prints, so wide-character
// support has to be switched on here, before the header is read.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <string.h>
#include <ncursesw/ncurses.h>

// Swift 6 refuses the mutable globals and cannot import function-like or
// attribute macros: these accessors are what the terminal layer calls instead.
static inline WINDOW *snapread_stdscr(void) { return stdscr; }
static inline int snapread_lines(void) { return LINES; }
static inline int snapread_cols(void) { return COLS; }
static inline int snapread_colors(void) { return COLORS; }
static inline int snapread_key_f(int n) { return KEY_F(n); }
static inline attr_t snapread_a_bold(void) { return A_BOLD; }
static inline attr_t snapread_a_reverse(void) { return A_REVERSE; }
static inline attr_t snapread_a_underline(void) { return A_UNDERLINE; }
static inline attr_t snapread_a_dim(void) { return A_DIM; }
static inline attr_t snapread_a_italic(void) { return A_ITALIC; }
static inline attr_t snapread_a_normal(void) { return A_NORMAL; }
static inline int snapread_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline mmask_t snapread_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline mmask_t snapread_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t snapread_wheel_down(void) { return BUTTON5_PRESSED; }
static inline mmask_t snapread_button1(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }

// Restores the terminal when the process is ended or crashes, then lets the
// signal do what it would have done. ncurses keeps its own SIGWINCH and
// SIGTSTP handling.
static void snapread_restore_and_reraise(int signal_number) {
    endwin();
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, 0);
    raise(signal_number);
}

static inline void snapread_install_signal_handlers(void) {
    int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = snapread_restore_and_reraise;
        sigemptyset(&action.sa_mask);
        sigaction(signals[i], &action, 0);
    }
}

#endif
