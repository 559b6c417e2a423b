#ifndef WORKSHOP_CMARK_ARENA_H
#define WORKSHOP_CMARK_ARENA_H

#include <stddef.h>
#include <cmark.h>

/// A region that everything cmark allocates for one document comes from, released in one step.
///
/// cmark allocates every node, string and buffer of a parse separately and frees them one by one
/// afterwards: for a lesson that is most of cmark's time. With a region the parse is bump
/// allocation and the release is a handful of frees.
typedef struct workshop_cmark_arena workshop_cmark_arena;

/// Parses `length` bytes of CommonMark with `options`, allocating from a new region.
/// The returned region owns the document: read it with `workshop_cmark_arena_document`, and
/// release it (with every node) with `workshop_cmark_arena_free` on the same thread.
/// While a region is alive it is the thread's current one (see arena.c for why).
workshop_cmark_arena *workshop_cmark_arena_parse(const char *text, size_t length, int options);

/// The document node of a region's parse.
cmark_node *workshop_cmark_arena_document(const workshop_cmark_arena *arena);

/// Releases the region, its document and every node in it.
void workshop_cmark_arena_free(workshop_cmark_arena *arena);

#endif
