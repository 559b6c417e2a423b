#ifndef CPSEUDOTERMINAL_H
#define CPSEUDOTERMINAL_H

/// A pseudo-terminal for Swift: glibc hides posix_openpt and friends behind _XOPEN_SOURCE, and
/// Swift cannot call the variadic ioctl(2).

#include <stddef.h>

/// Opens a new pseudo-terminal; returns its controlling (master) descriptor, close-on-exec, and
/// writes the path of its terminal side into name. -1 with errno on failure.
int cpt_open(char *name, size_t size);

/// Sets the window size of the terminal open on fd; 0 on success, -1 with errno.
int cpt_set_window_size(int fd, unsigned short rows, unsigned short columns);

/// Reads the window size of the terminal open on fd; 0 on success, -1 with errno.
int cpt_window_size(int fd, unsigned short *rows, unsigned short *columns);

#endif
