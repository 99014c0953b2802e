/*
 * rig/guest/syswrite.c - write a value to a (sysfs) file the way the shell's
 * `echo VALUE > FILE` does (one write of "VALUE\n"), and say how it failed.
 *
 *   syswrite VALUE FILE     exit 0 if the write succeeded; else print
 *                           "open ENAME" or "write ENAME" and exit 1
 *   syswrite -s ENAME       print strerror() of ENAME (exit 2 if unknown)
 *
 * Used by expect_errno in lib.sh: a refusal must come with the errno the ABI
 * documents, from the write itself (a missing file fails at open).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define E(x) { #x, x }
static const struct { const char *name; int err; } names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(EBADF), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY),
	E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL),
	E(ENFILE), E(EMFILE), E(ENOTTY), E(EFBIG), E(ENOSPC), E(ESPIPE),
	E(EROFS), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOSYS),
	E(ENOTEMPTY), E(ENODATA), E(ETIME), E(EOVERFLOW), E(EBADMSG),
	E(EOPNOTSUPP), E(ENOTSUP), E(EADDRINUSE), E(EADDRNOTAVAIL), E(ETIMEDOUT),
	E(EALREADY), E(EINPROGRESS), E(ECANCELED), E(ENOTCONN), E(EPROTO),
	E(ENOLINK), E(EMSGSIZE), E(ENOKEY), E(EHWPOISON),
};

static const char *ename(int err)
{
	static char buf[16];
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

int main(int argc, char **argv)
{
	char buf[4096];
	unsigned int i;
	ssize_t n;
	int fd, len;

	if (argc == 3 && !strcmp(argv[1], "-s")) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(names[i].name, argv[2])) {
				printf("%s\n", strerror(names[i].err));
				return 0;
			}
		fprintf(stderr, "syswrite: unknown errno name %s\n", argv[2]);
		return 2;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: syswrite VALUE FILE | syswrite -s ENAME\n");
		return 2;
	}
	len = snprintf(buf, sizeof(buf), "%s\n", argv[1]);
	if (len < 0 || len >= (int)sizeof(buf)) {
		fprintf(stderr, "syswrite: value too long\n");
		return 2;
	}
	fd = open(argv[2], O_WRONLY);
	if (fd < 0) {
		printf("open %s\n", ename(errno));
		return 1;
	}
	n = write(fd, buf, len);
	if (n < 0) {
		printf("write %s\n", ename(errno));
		close(fd);
		return 1;
	}
	if (close(fd) < 0) {
		printf("close %s\n", ename(errno));
		return 1;
	}
	if (n != len) {
		printf("write short %zd/%d\n", n, len);
		return 1;
	}
	return 0;
}
