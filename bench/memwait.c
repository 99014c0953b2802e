/*
 * memwait - clock and memory block waiter for the benchmarks (bench/).
 *
 *   memwait now
 *   memwait START SIZE STATE [TIMEOUT_S]
 *   memwait count DIR PREFIX N [TIMEOUT_S]
 *
 * "now" prints CLOCK_MONOTONIC in nanoseconds.  The second form polls
 * /sys/devices/system/memory/memoryN/state of every memory block covering
 * [START, START+SIZE) every 2 ms until each one reads STATE ("online",
 * "offline"; "absent": the block does not exist), then prints the time (as
 * "now" does) at which it saw that.  Exits 1 after TIMEOUT_S seconds
 * (default 60) with the states last seen on stderr.  "count" polls DIR
 * the same way until at least N of its entries have names that start with
 * PREFIX (e.g. the extents of a region: count /sys/bus/cxl/devices/regionZ
 * extent N).
 *
 * The benchmark scripts are shell; busybox's date has no sub-second
 * format and a shell polling loop forks several processes per poll, which
 * under TCG costs more than what is measured.  This polls in one process
 * and sleeps between polls so it does not compete with the kernel work it
 * is waiting for.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MEM "/sys/devices/system/memory"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* state of one block into buf ("absent" when it does not exist) */
static void block_state(unsigned long long nr, char *buf, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), MEM "/memory%llu/state", nr);
	f = fopen(path, "r");
	if (!f) {
		snprintf(buf, len, "%s", errno == ENOENT ? "absent" : "unreadable");
		return;
	}
	if (!fgets(buf, len, f))
		snprintf(buf, len, "unreadable");
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static int parse(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end;
}

/*
 * Poll done(arg) every 2 ms: when it holds, print the time (as "now" does)
 * and return 0; after timeout seconds return 1.
 */
static int poll_until(bool (*done)(void *), void *arg,
		      unsigned long long timeout)
{
	struct timespec nap = { 0, 2000000 };
	long long deadline = now_ns() + (long long)timeout * 1000000000LL;

	for (;;) {
		if (done(arg)) {
			printf("%lld\n", now_ns());
			return 0;
		}
		if (now_ns() > deadline)
			return 1;
		nanosleep(&nap, NULL);
	}
}

struct blocks {
	unsigned long long nr, last;	/* next block to read, last block */
	const char *state;
};

/* every block reads state; those already seen in it are not read again */
static bool blocks_done(void *arg)
{
	struct blocks *b = arg;
	char buf[64];

	for (; b->nr <= b->last; b->nr++) {
		block_state(b->nr, buf, sizeof(buf));
		if (strcmp(buf, b->state))
			return false;
	}
	return true;
}

struct entries {
	const char *dir, *prefix;
	unsigned long long want;
	long long seen;			/* -1: dir cannot be read */
};

/* at least want entries of dir have names that start with prefix */
static bool entries_done(void *arg)
{
	struct entries *e = arg;
	size_t len = strlen(e->prefix);
	struct dirent *d;
	DIR *dh;

	e->seen = -1;
	dh = opendir(e->dir);
	if (!dh)
		return false;
	e->seen = 0;
	while ((d = readdir(dh)))
		if (!strncmp(d->d_name, e->prefix, len))
			e->seen++;
	closedir(dh);
	return (unsigned long long)e->seen >= e->want;
}

/* memwait count DIR PREFIX N [TIMEOUT_S] */
static int wait_count(int argc, char **argv)
{
	struct entries e = { .dir = argv[2], .prefix = argv[3] };
	unsigned long long timeout = 60;

	if ((argc != 5 && argc != 6) || parse(argv[4], &e.want) ||
	    (argc == 6 && parse(argv[5], &timeout))) {
		fprintf(stderr, "usage: memwait count DIR PREFIX N [TIMEOUT_S]\n");
		return 2;
	}
	if (!poll_until(entries_done, &e, timeout))
		return 0;
	fprintf(stderr, "memwait: timeout after %llus, %lld of %llu %s* in %s\n",
		timeout, e.seen, e.want, e.prefix, e.dir);
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long long start, size, bs, nr, timeout = 60;
	struct blocks b;
	char buf[64];
	FILE *f;

	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%lld\n", now_ns());
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "count"))
		return wait_count(argc, argv);
	if ((argc != 4 && argc != 5) || parse(argv[1], &start) ||
	    parse(argv[2], &size) || !size ||
	    (argc == 5 && parse(argv[4], &timeout))) {
		fprintf(stderr, "usage: memwait now | memwait START SIZE STATE [TIMEOUT_S]\n"
			"       memwait count DIR PREFIX N [TIMEOUT_S]\n");
		return 2;
	}
	f = fopen(MEM "/block_size_bytes", "r");
	if (!f || fscanf(f, "%llx", &bs) != 1 || !bs) {
		fprintf(stderr, "memwait: cannot read the memory block size\n");
		return 2;
	}
	fclose(f);
	b = (struct blocks){ .nr = start / bs, .last = (start + size - 1) / bs,
			     .state = argv[3] };
	if (!poll_until(blocks_done, &b, timeout))
		return 0;
	fprintf(stderr, "memwait: timeout after %llus, blocks %llu-%llu not all %s:",
		timeout, start / bs, b.last, b.state);
	for (nr = start / bs; nr <= b.last; nr++) {
		block_state(nr, buf, sizeof(buf));
		fprintf(stderr, " %llu:%s", nr, buf);
	}
	fputc('\n', stderr);
	return 1;
}
