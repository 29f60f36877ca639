/*
 * Lower bounds for iterating a capture file that sits in the page cache, for issue 2's target (a)
 * (docs/performance.md, "How fast iteration can be on this machine"). Not part of wiresift: a probe
 * of the machine, in C so that nothing but the memory access is measured.
 *
 *   memory-bound touch STEP THREADS FILE   map FILE, fill in its page tables, read one byte every
 *                                          STEP bytes (THREADS of them, each on its share)
 *   memory-bound walk AHEAD FILE           follow a classic pcap's record chain from header to
 *                                          header (each header's length gives the next one's
 *                                          place), prefetching every line up to AHEAD bytes
 *                                          ahead (0: none)
 *   memory-bound chains K REGION FILE      the same chain in windows of K regions of REGION bytes,
 *                                          walked as K chains in turn (each region's start found
 *                                          by a run of 4 plausible headers), each record's
 *                                          successor prefetched as soon as it is known; a region
 *                                          is kept only if the chain before it ends at its start
 *
 * "touch" with STEP 256 reads about as many cache lines as there are record headers in a file of
 * 280-byte frames, without the dependency of one header on the last: no reader that finds every
 * header can be faster. "walk" is the plain sequential reader without any per-frame work.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

static const uint8_t *map;
static size_t size;
static size_t step;
static int threads;

static void *touch_share(void *arg) {
  size_t k = (size_t)arg;
  size_t lo = size / threads * k, hi = k + 1 == (size_t)threads ? size : size / threads * (k + 1);
  madvise((void *)((uintptr_t)(map + lo) & ~(uintptr_t)4095), hi - lo, MADV_POPULATE_READ);
  uint64_t sum = 0;
  for (size_t i = lo; i < hi; i += step) sum += map[i];
  return (void *)(uintptr_t)sum;
}

static inline uint32_t u32_at(size_t o) {
  uint32_t v;
  memcpy(&v, map + o, 4);
  return v;
}

/* A run of `chain` plausible headers (fraction below a second, lengths within 256 KiB) from `at`. */
static int plausible(size_t at, int chain) {
  for (int i = 0; i < chain; i++) {
    if (at + 16 > size) return 0;
    uint32_t frac = u32_at(at + 4), incl = u32_at(at + 8), orig = u32_at(at + 12);
    if (frac >= 1000000 || incl > 262144 || incl > orig) return 0;
    at += 16 + incl;
    if (at > size) return 0;
  }
  return 1;
}

struct rec {
  uint64_t off;
  uint32_t sec, frac, incl, orig;
};

/* Reads every record as `walk` does, K chains at a time; returns the number of records. */
static uint64_t chains(int k_max, size_t region, uint64_t *bytes) {
  size_t cap = region / 16 + 1, pos[64], start[64], stop[64], n[64];
  struct rec *lists = malloc(sizeof(struct rec) * cap * k_max);
  uint64_t frames = 0;
  size_t cur = 24;
  while (cur + 16 <= size) {
    int k, used = 1;
    for (k = 1; k < k_max && cur + region * k < size; k++) __builtin_prefetch(map + cur + region * k);
    start[0] = cur;
    for (k = 1; k < k_max && cur + region * k < size; k++) {
      size_t at = cur + region * k, lim = at + region;
      while (at < lim && at < size && !plausible(at, 4)) at++;
      if (at >= lim || at >= size) break;
      start[k] = at;
    }
    int chains = k;
    for (k = 0; k < chains; k++) {
      pos[k] = start[k];
      n[k] = 0;
      stop[k] = k + 1 < chains ? cur + region * (k + 1) : cur + region * k_max;
    }
    for (int live = 1; live;) {
      live = 0;
      for (k = 0; k < chains; k++) {
        size_t p = pos[k];
        if (p >= stop[k] || p + 16 > size) continue;
        uint32_t incl = u32_at(p + 8);
        if (incl > 262144 || p + 16 + incl > size) {
          stop[k] = p;
          continue;
        }
        struct rec *r = &lists[k * cap + n[k]++];
        r->off = p, r->sec = u32_at(p), r->frac = u32_at(p + 4), r->incl = incl, r->orig = u32_at(p + 12);
        pos[k] = p + 16 + incl;
        __builtin_prefetch(map + pos[k]);
        __builtin_prefetch(map + pos[k] + 15);
        live = 1;
      }
    }
    while (used < chains && pos[used - 1] == start[used]) used++;
    for (k = 0; k < used; k++)
      for (size_t i = 0; i < n[k]; i++) frames++, *bytes += lists[k * cap + i].incl;
    if (pos[used - 1] == cur) break; /* damage: stop */
    cur = pos[used - 1];
  }
  free(lists);
  return frames;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: memory-bound touch STEP THREADS FILE | walk AHEAD FILE | chains K REGION FILE\n");
    return 2;
  }
  const char *path = argv[argc - 1];
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    perror(path);
    return 1;
  }
  size = st.st_size;
  map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) {
    perror("mmap");
    return 1;
  }
  if (strcmp(argv[1], "touch") == 0 && argc == 5) {
    step = strtoul(argv[2], NULL, 10);
    threads = atoi(argv[3]);
    if (step == 0 || threads < 1 || threads > 64) return 2;
    pthread_t t[64];
    uint64_t sum = 0;
    for (int k = 0; k < threads; k++) pthread_create(&t[k], NULL, touch_share, (void *)(uintptr_t)k);
    for (int k = 0; k < threads; k++) {
      void *r;
      pthread_join(t[k], &r);
      sum += (uintptr_t)r;
    }
    printf("touched %zu bytes every %zu, sum %lu\n", size, step, (unsigned long)sum);
  } else if (strcmp(argv[1], "walk") == 0) {
    size_t ahead = strtoul(argv[2], NULL, 10);
    madvise((void *)map, size, MADV_POPULATE_READ);
    size_t off = 24, fetched = 24;
    uint64_t frames = 0, bytes = 0;
    while (off + 16 <= size) {
      uint32_t caplen;
      memcpy(&caplen, map + off + 8, 4);
      size_t next = off + 16 + (size_t)caplen;
      /* Every cache line up to AHEAD past the next header, not one line per record: the hint for
       * one line per record misses most header lines (they are rarely AHEAD apart exactly), and a
       * plain sequential stream of hints is what the hardware prefetchers follow best. */
      if (ahead)
        for (; fetched < next + ahead && fetched < size; fetched += 64) __builtin_prefetch(map + fetched);
      frames++;
      bytes += caplen;
      off = next;
    }
    printf("frames %lu bytes %lu\n", (unsigned long)frames, (unsigned long)bytes);
  } else if (strcmp(argv[1], "chains") == 0 && argc == 5) {
    int k = atoi(argv[2]);
    size_t region = strtoul(argv[3], NULL, 10);
    if (k < 1 || k > 64 || region < 64) return 2;
    madvise((void *)map, size, MADV_POPULATE_READ);
    uint64_t bytes = 0, frames = chains(k, region, &bytes);
    printf("frames %lu bytes %lu\n", (unsigned long)frames, (unsigned long)bytes);
  } else {
    return 2;
  }
  return 0;
}
