#ifndef CEDITSHIM_H
#define CEDITSHIM_H

#include <histedit.h>

/// Non-variadic wrappers around libedit so Swift can call it.
/// Swift cannot call C variadic functions (el_set, el_get, history) and, in
/// Swift 6 mode, cannot touch glibc's stdin/stdout/stderr globals.

EditLine *cel_init(const char *prog);
void cel_flush_stdout(void);
int cel_set_prompt(EditLine *el, char *(*prompt)(EditLine *));
int cel_set_editor(EditLine *el, const char *mode);
int cel_set_signal(EditLine *el, int on);
int cel_add_fn(EditLine *el, const char *name, const char *help,
               unsigned char (*fn)(EditLine *, int));
int cel_bind(EditLine *el, const char *key, const char *fn);
int cel_set_hist(EditLine *el, History *h);
int cel_set_clientdata(EditLine *el, void *data);
void *cel_get_clientdata(EditLine *el);
int cel_source_defaults(EditLine *el);

int cel_hist_setsize(History *h, int n);
int cel_hist_setunique(History *h, int on);
int cel_hist_enter(History *h, const char *line);
int cel_hist_load(History *h, const char *path);
int cel_hist_save(History *h, const char *path);
int cel_hist_count(History *h);
/// Copies the n-th most recent entry (0 = newest) into buf; returns its length or -1.
int cel_hist_entry(History *h, int n, char *buf, int size);

/// SIGINT handler that only sets a flag (no SA_RESTART, so el_gets returns EINTR).
void cel_install_sigint(void);
int cel_take_sigint(void);

/// SIGTERM/SIGHUP handler that only records the signal; 0 until one arrives.
void cel_install_termination(void);
int cel_termination_signal(void);

/// SIGWINCH handler that only sets a flag; cel_take_winch returns and clears it.
void cel_install_winch(void);
int cel_take_winch(void);

#endif
