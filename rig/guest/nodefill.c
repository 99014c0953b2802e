/*
 * nodefill - pin kernel (slab) memory on one NUMA node.
 *
 *   nodefill NODE COUNT DIR
 *
 * Binds its own allocations to NODE (MPOL_BIND), then creates COUNT empty
 * files in DIR.  Their inodes and dentries are slab objects, allocated
 * from NODE once the slabs already present elsewhere are used up; slab
 * pages cannot be migrated, so memory blocks holding them cannot be
 * offlined.  Tests use it to make hotplugged memory "busy" the way kernel
 * allocations make ZONE_NORMAL memory busy on a real machine.  Remove the
 * files (and drop caches) to let the memory go again.
 *
 * The process never forks and takes no signal while bound, so nothing of
 * its own (task, stack, signal frames) lands on NODE beyond what the file
 * creation needs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_BIND 2

int main(int argc, char **argv)
{
	unsigned long mask;
	long i, count;
	char path[4096];
	int fd, node;

	if (argc != 4) {
		fprintf(stderr, "usage: nodefill NODE COUNT DIR\n");
		return 2;
	}
	node = atoi(argv[1]);
	count = atol(argv[2]);
	if (node < 0 || node >= 64 || count <= 0) {
		fprintf(stderr, "nodefill: bad NODE or COUNT\n");
		return 2;
	}
	mask = 1UL << node;
	if (syscall(SYS_set_mempolicy, MPOL_BIND, &mask, 64UL)) {
		perror("set_mempolicy");
		return 1;
	}
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", argv[3], i);
		fd = open(path, O_CREAT | O_WRONLY, 0600);
		if (fd < 0) {
			perror(path);
			return 1;
		}
		close(fd);
	}
	printf("ok\n");
	return 0;
}
