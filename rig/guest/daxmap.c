/*
 * daxmap - map a device-dax character device, write a pattern, read it back.
 *
 *   daxmap /dev/daxX.Y SIZE
 *
 * Maps SIZE bytes (a multiple of the device alignment) shared, writes a
 * pattern derived from each 8-byte word's offset, unmaps, maps again and
 * checks every word.  Exits 0 and prints "ok" when the data read back is
 * the data written.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t *map(int fd, size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

int main(int argc, char **argv)
{
	size_t size, i, n;
	uint64_t *p;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: daxmap /dev/daxX.Y SIZE\n");
		return 2;
	}
	size = strtoull(argv[2], NULL, 0);
	n = size / sizeof(*p);
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	p = map(fd, size);
	for (i = 0; i < n; i++)
		p[i] = (i * 0x9e3779b97f4a7c15ULL) ^ 0xc0ffee;
	munmap(p, size);

	p = map(fd, size);
	for (i = 0; i < n; i++) {
		if (p[i] != ((i * 0x9e3779b97f4a7c15ULL) ^ 0xc0ffee)) {
			fprintf(stderr, "mismatch at word %zu\n", i);
			return 1;
		}
	}
	munmap(p, size);
	close(fd);
	printf("ok\n");
	return 0;
}
