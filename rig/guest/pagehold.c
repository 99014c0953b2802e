/*
 * pagehold - keep memory of one NUMA node from migrating for a while.
 *
 *   pagehold NODE SIZE SECONDS
 *
 * Maps SIZE bytes of anonymous memory bound to NODE (mbind MPOL_BIND, on
 * that mapping only: the process's stack and everything else stay where
 * they are), touches it, and splices it into a pipe with vmsplice(): the
 * pipe holds a reference on every page until it is closed.  Pages with
 * extra references cannot be migrated, so offlining the memory block they
 * are in keeps retrying (offline_pages() loops until the migration works
 * or a signal arrives), the way pages under I/O behave on a real machine.
 * Prints "held N" once the pages are referenced, then sleeps SECONDS and
 * exits, which lets them go.  Tests use it to make an offline busy for a
 * while without making the memory unmovable for good.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define MPOL_BIND 2

int main(int argc, char **argv)
{
	unsigned long mask;
	long size, secs, held = 0;
	int node, p[2];
	char *buf;

	if (argc != 4) {
		fprintf(stderr, "usage: pagehold NODE SIZE SECONDS\n");
		return 2;
	}
	node = atoi(argv[1]);
	size = atol(argv[2]);
	secs = atol(argv[3]);
	if (node < 0 || node >= 64 || size <= 0 || secs < 0) {
		fprintf(stderr, "pagehold: bad NODE, SIZE or SECONDS\n");
		return 2;
	}
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	mask = 1UL << node;
	if (syscall(SYS_mbind, buf, size, MPOL_BIND, &mask, 64UL, 0)) {
		perror("mbind");
		return 1;
	}
	memset(buf, 0x5a, size);
	if (pipe(p)) {
		perror("pipe");
		return 1;
	}
	/* as much as the pipe takes; one referenced page per block is enough */
	fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
	while (held < size) {
		struct iovec iov = { buf + held, size - held };
		ssize_t n = vmsplice(p[1], &iov, 1, SPLICE_F_NONBLOCK);

		if (n <= 0)
			break;
		held += n;
	}
	if (!held) {
		perror("vmsplice");
		return 1;
	}
	printf("held %ld\n", held);
	fflush(stdout);
	sleep(secs);
	return 0;
}
