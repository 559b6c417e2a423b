#include "ceditshim.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

EditLine *cel_init(const char *prog) { return el_init(prog, stdin, stdout, stderr); }
void cel_flush_stdout(void) { fflush(stdout); }
int cel_set_prompt(EditLine *el, char *(*prompt)(EditLine *)) { return el_set(el, EL_PROMPT, prompt); }
int cel_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
int cel_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
int cel_add_fn(EditLine *el, const char *name, const char *help,
               unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
int cel_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, (const char *)NULL);
}
int cel_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
int cel_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
void *cel_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
int cel_source_defaults(EditLine *el) { return el_source(el, NULL); }

int cel_hist_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
int cel_hist_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
int cel_hist_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
int cel_hist_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
int cel_hist_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
int cel_hist_count(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return -1;
    return ev.num;
}
int cel_hist_entry(History *h, int n, char *buf, int size) {
    HistEvent ev;
    if (history(h, &ev, H_FIRST) < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (history(h, &ev, H_NEXT) < 0) return -1;
    }
    int len = (int)strlen(ev.str);
    if (len > 0 && ev.str[len - 1] == '\n') len--;
    if (len >= size) len = size - 1;
    memcpy(buf, ev.str, (size_t)len);
    buf[len] = '\0';
    return len;
}

/* Installs `handler` for the signals (no SA_RESTART, so a blocked read returns EINTR) and makes
   sure they are delivered: a mask inherited from the parent, or left by libedit's own signal
   juggling, would otherwise make the handler useless. */
static void install_flag_handler(void (*handler)(int), const int *signals, int count) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigset_t unblock;
    sigemptyset(&unblock);
    for (int i = 0; i < count; i++) {
        sigaction(signals[i], &sa, NULL);
        sigaddset(&unblock, signals[i]);
    }
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
}

static volatile sig_atomic_t sigint_flag;
static void on_sigint(int sig) { (void)sig; sigint_flag = 1; }
void cel_install_sigint(void) {
    static const int signals[] = {SIGINT};
    install_flag_handler(on_sigint, signals, 1);
}
int cel_take_sigint(void) { int f = sigint_flag; sigint_flag = 0; return f; }

/* SIGTERM and SIGHUP: remember the signal so the session can finish the current event, flush its
   transcript, restore the terminal and exit 128+N. */
static volatile sig_atomic_t termination_signal;
static void on_termination(int sig) { termination_signal = sig; }
void cel_install_termination(void) {
    static const int signals[] = {SIGTERM, SIGHUP};
    install_flag_handler(on_termination, signals, 2);
}
int cel_termination_signal(void) { return termination_signal; }

/* SIGWINCH: remember that the window changed; the session resizes its terminal and records it. */
static volatile sig_atomic_t winch_flag;
static void on_winch(int sig) { (void)sig; winch_flag = 1; }
void cel_install_winch(void) {
    static const int signals[] = {SIGWINCH};
    install_flag_handler(on_winch, signals, 1);
}
int cel_take_winch(void) { int f = winch_flag; winch_flag = 0; return f; }
