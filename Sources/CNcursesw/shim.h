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
#include <errno.h>
#include <termios.h>
#include <unistd.h>
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

// Signals. Only CursesTerminal.swift calls these: each compiled file that
// does gets its own copy of the state below.
//
// INT, TERM, HUP and QUIT, once a descriptor is given, only write their
// number as one byte to it (a self-pipe): the reader's loop wakes, saves the
// place, flushes what it still has to write and restores the terminal the
// way q does, then ends with the signal. Until then they restore the
// terminal and end at once, as the crash signals always do. A crash handler
// may use only async-signal-safe calls: it writes reset sequences worked
// out beforehand and the terminal modes saved before curses started, never
// endwin().
struct snapread_signal_state {
    int pipe;                          // where INT, TERM, HUP and QUIT go, or -1
    volatile sig_atomic_t curses_active;
    char reset_bytes[512];
    size_t reset_length;
    struct termios saved_modes;
    int have_saved_modes;
};

// Inside a function because Swift does not emit a header's static variables
// of struct type; set up before the handlers are installed, only read in them.
static inline struct snapread_signal_state *snapread_signals(void) {
    static struct snapread_signal_state state = { -1, 0, {0}, 0, {0}, 0 };
    return &state;
}

static void snapread_restore_and_reraise(int signal_number) {
    if (snapread_signals()->curses_active) {
        size_t written = 0;
        while (written < snapread_signals()->reset_length) {
            ssize_t n = write(STDOUT_FILENO, snapread_signals()->reset_bytes + written, snapread_signals()->reset_length - written);
            if (n <= 0) break;
            written += (size_t)n;
        }
        if (snapread_signals()->have_saved_modes) tcsetattr(STDOUT_FILENO, TCSANOW, &snapread_signals()->saved_modes);
    }
    // Blocked until this handler returns, then delivered with the default action.
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static void snapread_forward_signal(int signal_number) {
    int saved = errno;
    unsigned char byte = (unsigned char)signal_number;
    if (snapread_signals()->pipe < 0 || write(snapread_signals()->pipe, &byte, 1) != 1) {
        errno = saved;
        snapread_restore_and_reraise(signal_number);
        return;
    }
    errno = saved;
}

static inline void snapread_set_handler(int signal_number, void (*handler)(int), int flags) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, 0);
}

static inline void snapread_install_signal_handlers(void) {
    int crashes[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) {
        snapread_set_handler(crashes[i], snapread_restore_and_reraise, 0);
    }
    int endings[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (unsigned i = 0; i < sizeof endings / sizeof endings[0]; i++) {
        // SA_RESTART: other threads' reads and writes carry on undisturbed.
        if (snapread_signals()->pipe >= 0) snapread_set_handler(endings[i], snapread_forward_signal, SA_RESTART);
        else snapread_set_handler(endings[i], snapread_restore_and_reraise, 0);
    }
}

/// From now on INT, TERM, HUP and QUIT are written to `descriptor`.
static inline void snapread_forward_signals_to(int descriptor) {
    snapread_signals()->pipe = descriptor;
    snapread_install_signal_handlers();
}

/// The terminal's modes before curses changes them: what a crash puts back.
static inline void snapread_save_terminal_modes(void) {
    if (tcgetattr(STDOUT_FILENO, &snapread_signals()->saved_modes) == 0) snapread_signals()->have_saved_modes = 1;
}

static inline void snapread_append_reset(const char *bytes) {
    if (bytes == 0 || bytes == (const char *)-1) return;
    size_t length = strlen(bytes);
    if (snapread_signals()->reset_length + length >= sizeof snapread_signals()->reset_bytes) return;
    memcpy(snapread_signals()->reset_bytes + snapread_signals()->reset_length, bytes, length);
    snapread_signals()->reset_length += length;
}

/// Works out, while curses is up, what a crash writes to leave it: mouse
/// reporting off, attributes reset, the cursor shown, the keypad back in
/// normal mode, the alternate screen left.
static inline void snapread_prepare_crash_reset(void) {
    snapread_signals()->reset_length = 0;
    const char *mouse = tigetstr("kmous");
    if (mouse != 0 && mouse != (const char *)-1) snapread_append_reset("\033[?1006l\033[?1003l\033[?1002l\033[?1000l");
    snapread_append_reset(tigetstr("sgr0"));
    snapread_append_reset(tigetstr("cnorm"));
    snapread_append_reset(tigetstr("rmkx"));
    snapread_append_reset(tigetstr("rmcup"));
}

/// Whether curses has the terminal (what a crash handler then restores).
static inline void snapread_set_curses_active(int active) { snapread_signals()->curses_active = active; }

/// Ends the process with `signal_number` as its cause, as if it had not been caught.
static inline void snapread_end_with_signal(int signal_number) {
    signal(signal_number, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal_number);
    sigprocmask(SIG_UNBLOCK, &set, 0);
    raise(signal_number);
}

#endif
