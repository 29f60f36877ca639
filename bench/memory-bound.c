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

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: memory-bound touch STEP THREADS FILE | walk AHEAD FILE\n");
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
  } else {
    return 2;
  }
  return 0;
}
