// SPDX-License-Identifier: GPL-2.0
/*
 * kexec-self - kexec into a kernel and initrd read from files, keeping the
 * current command line.  The rig uses it to reboot the guest into the same
 * kernel while QEMU keeps the CXL HDM decoders committed, which is how a
 * firmware-assembled ("auto") region is produced faithfully.
 *
 *   kexec-self KERNEL INITRD [load]
 *
 * With "load" it only loads the image (kexec_file_load) and exits; otherwise
 * it also reboots into it.
 */
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char cmdline[4096];
	int kfd, ifd, cfd;
	ssize_t n;

	if (argc < 3) {
		fprintf(stderr, "usage: %s KERNEL INITRD [load]\n", argv[0]);
		return 2;
	}
	kfd = open(argv[1], O_RDONLY);
	ifd = open(argv[2], O_RDONLY);
	cfd = open("/proc/cmdline", O_RDONLY);
	if (kfd < 0 || ifd < 0 || cfd < 0) {
		perror("open");
		return 1;
	}
	n = read(cfd, cmdline, sizeof(cmdline) - 1);
	if (n < 0) {
		perror("read /proc/cmdline");
		return 1;
	}
	cmdline[n] = '\0';
	cmdline[strcspn(cmdline, "\n")] = '\0';
	/* RIG_KEXEC_APPEND: words for the next kernel (state across a kexec) */
	if (getenv("RIG_KEXEC_APPEND") &&
	    strlen(cmdline) + strlen(getenv("RIG_KEXEC_APPEND")) + 2 < sizeof(cmdline)) {
		strcat(cmdline, " ");
		strcat(cmdline, getenv("RIG_KEXEC_APPEND"));
	}
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(cmdline) + 1,
		    cmdline, 0UL)) {
		perror("kexec_file_load");
		return 1;
	}
	if (argc > 3 && !strcmp(argv[3], "load"))
		return 0;
	sync();
	if (reboot(LINUX_REBOOT_CMD_KEXEC)) {
		perror("reboot(KEXEC)");
		return 1;
	}
	return 0;
}
