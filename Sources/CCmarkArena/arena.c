#include "cmark_arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Under AddressSanitizer (`make fuzz`) the region keeps what ASan would have checked with malloc:
// everything but live payloads is poisoned, and each payload is followed by a poisoned red zone, so
// cmark reading past a node or string still stops the fuzzer.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REGION_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define REGION_ASAN 1
#endif
#ifdef REGION_ASAN
#include <sanitizer/asan_interface.h>
#define REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(address, size) ((void)(address), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(address, size) ((void)(address), (void)(size))
#define REDZONE 0
#endif

// Each allocation is preceded by its size, so that realloc can copy it; 16 bytes keep the
// payload aligned as malloc's is.
#define ALIGNMENT 16
#define HEADER 16
#define FIRST_BLOCK (32 * 1024)

static size_t footprint(size_t size) { return (size + HEADER + REDZONE + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1); }

typedef struct block {
    struct block *next;
    size_t capacity;
    size_t used;
    size_t padding;  // the payload starts 32 bytes in: aligned
} block;

struct workshop_cmark_arena {
    block *blocks;       // newest first
    cmark_node *document;
    workshop_cmark_arena *enclosing;
};

// cmark's allocator interface (calloc/realloc/free function pointers) carries no context, so
// the callbacks find their region through the thread's current one. A region is current from its
// parse until it is freed; regions nest (the enclosing one is restored), and a parse never
// leaves its thread, so no other code observes this.
static _Thread_local workshop_cmark_arena *current;

static void out_of_memory(void) {
    // What cmark's own allocator does: there is no way to report failure through its interface.
    fprintf(stderr, "[cmark] out of memory\n");
    abort();
}

static unsigned char *payload(block *b) { return (unsigned char *)b + sizeof(block); }

static void write_size(unsigned char *header, size_t size) {
    ASAN_UNPOISON_MEMORY_REGION(header, sizeof(size_t));
    *(size_t *)header = size;
    ASAN_POISON_MEMORY_REGION(header, sizeof(size_t));
}

static size_t allocation_size(const void *pointer) {
    const unsigned char *header = (const unsigned char *)pointer - HEADER;
    ASAN_UNPOISON_MEMORY_REGION(header, sizeof(size_t));
    size_t size = *(const size_t *)header;
    ASAN_POISON_MEMORY_REGION(header, sizeof(size_t));
    return size;
}

static void *region_alloc(workshop_cmark_arena *arena, size_t size) {
    if (size > SIZE_MAX - HEADER - REDZONE - ALIGNMENT) out_of_memory();
    size_t need = footprint(size);
    block *b = arena->blocks;
    if (b == NULL || b->capacity - b->used < need) {
        size_t capacity = b == NULL ? FIRST_BLOCK : b->capacity * 2;
        if (capacity < need) capacity = need;
        block *fresh = malloc(sizeof(block) + capacity);
        if (fresh == NULL) out_of_memory();
        fresh->next = b;
        fresh->capacity = capacity;
        fresh->used = 0;
        ASAN_POISON_MEMORY_REGION(payload(fresh), capacity);
        arena->blocks = fresh;
        b = fresh;
    }
    unsigned char *start = payload(b) + b->used;
    b->used += need;
    write_size(start, size);
    ASAN_UNPOISON_MEMORY_REGION(start + HEADER, size);
    return start + HEADER;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) out_of_memory();
    void *pointer = region_alloc(current, count * size);
    memset(pointer, 0, count * size);
    return pointer;
}

static void *arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return region_alloc(current, size);
    size_t old = allocation_size(pointer);
    block *b = current->blocks;
    unsigned char *top = payload(b) + b->used;
    size_t old_need = footprint(old);
    // The newest allocation (a growing buffer, usually) grows in place when its block has room.
    if ((unsigned char *)pointer - HEADER + old_need == top && size <= SIZE_MAX - HEADER - REDZONE - ALIGNMENT) {
        size_t need = footprint(size);
        if (b->used - old_need + need <= b->capacity) {
            b->used = b->used - old_need + need;
            write_size((unsigned char *)pointer - HEADER, size);
            ASAN_POISON_MEMORY_REGION((unsigned char *)pointer, need - HEADER);
            ASAN_UNPOISON_MEMORY_REGION(pointer, size);
            return pointer;
        }
    }
    void *moved = region_alloc(current, size);
    memcpy(moved, pointer, old < size ? old : size);
    return moved;
}

static void arena_free(void *pointer) {
    // Everything goes when the region does.
    (void)pointer;
}

static cmark_mem arena_allocator = {arena_calloc, arena_realloc, arena_free};

workshop_cmark_arena *workshop_cmark_arena_parse(const char *text, size_t length, int options) {
    workshop_cmark_arena *arena = calloc(1, sizeof(workshop_cmark_arena));
    if (arena == NULL) out_of_memory();
    arena->enclosing = current;
    current = arena;
    cmark_parser *parser = cmark_parser_new_with_mem(options, &arena_allocator);
    cmark_parser_feed(parser, text, length);
    arena->document = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    return arena;
}

cmark_node *workshop_cmark_arena_document(const workshop_cmark_arena *arena) { return arena->document; }

void workshop_cmark_arena_free(workshop_cmark_arena *arena) {
    if (arena == NULL) return;
    // Regions are freed in the reverse order of their parses (each document is scoped).
    if (current == arena) current = arena->enclosing;
    block *b = arena->blocks;
    while (b != NULL) {
        block *next = b->next;
        ASAN_UNPOISON_MEMORY_REGION(payload(b), b->capacity);
        free(b);
        b = next;
    }
    free(arena);
}
