/*
 * rig/guest/nodealloc.c - a task that gets memory from one NUMA node.
 *
 *   nodealloc NODE MIB [WANT]
 *
 * Binds itself to NODE (set_mempolicy MPOL_BIND), maps MIB MiB of anonymous
 * memory, writes every page, and asks the kernel (get_mempolicy with
 * MPOL_F_NODE | MPOL_F_ADDR) where each page is.  Prints "PAGES/TOTAL on node WANT" and exits 0
 * only if every page is on WANT (default NODE); a page elsewhere or not
 * present fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MPOL_BIND 2
#define MPOL_F_NODE (1 << 0)
#define MPOL_F_ADDR (1 << 1)

int main(int argc, char **argv)
{
	unsigned long mask[16] = { 0 };
	long node, want, mib, psz, n, i, on = 0;
	void **pages;
	int *status;
	char *p;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: nodealloc NODE MIB [WANT]\n");
		return 2;
	}
	node = atol(argv[1]);
	mib = atol(argv[2]);
	want = argc == 4 ? atol(argv[3]) : node;
	if (node < 0 || node >= 16 * 64 || mib <= 0) {
		fprintf(stderr, "nodealloc: bad arguments\n");
		return 2;
	}
	mask[node / 64] = 1UL << (node % 64);
	if (syscall(SYS_set_mempolicy, MPOL_BIND, mask, 16 * 64 + 1)) {
		perror("set_mempolicy");
		return 1;
	}
	psz = sysconf(_SC_PAGESIZE);
	n = (mib << 20) / psz;
	p = mmap(NULL, n * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memset(p, 0x5a, n * psz);
	pages = calloc(n, sizeof(*pages));
	status = calloc(n, sizeof(*status));
	if (!pages || !status)
		return 1;
	for (i = 0; i < n; i++)
		pages[i] = p + i * psz;
	/* the node of each page (move_pages needs CONFIG_MIGRATION) */
	for (i = 0; i < n; i++)
		if (syscall(SYS_get_mempolicy, &status[i], NULL, 0UL, pages[i],
			    MPOL_F_NODE | MPOL_F_ADDR)) {
			perror("get_mempolicy");
			return 1;
		}
	for (i = 0; i < n; i++)
		if (status[i] == want)
			on++;
	for (i = 0; i < n; i++)
		if (p[i * psz] != 0x5a) {
			fprintf(stderr, "nodealloc: page %ld lost its contents\n", i);
			return 1;
		}
	printf("%ld/%ld on node %ld\n", on, n, want);
	return on == n ? 0 : 1;
}
