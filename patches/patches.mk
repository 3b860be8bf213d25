# SPDX-License-Identifier: MIT
# patches/: the series that inlines Xen PV irq_disable, for mainline (7.3,
# patches/) and as a 6.1 backport (patches/6.1/), each with two test
# kernels (stock and patched) and their tests.  Included from the top
# Makefile.
#   make patches-build   the four kernels and the test initramfs (build/linux/)
#   make check-patches   git am, checkpatch, build, boot on Xen and natively,
#                        the unaffected-code check, the figures
#   make run-patches     the boots and the figures only

LINUX_INITRD := build/linux/initrd.cpio

.PHONY: patches-build check-patches run-patches

# One kernel after the other, in the order the tests use them: the first
# series boots while the second one builds (building them side by side
# made the whole run slower, measured).
patches-build: $(LINUX_INITRD)
	$(Q)patches/scripts/build-linux.sh mainline stock
	$(Q)patches/scripts/build-linux.sh mainline patched
	$(Q)patches/scripts/build-linux.sh 6.1 stock
	$(Q)patches/scripts/build-linux.sh 6.1 patched

# /init is a static C program; gen_init_cpio (from the kernel source) makes
# the archive, /dev/console included, without root.
$(LINUX_INITRD): tests/patches/init.c tests/patches/initrd.list patches/patches.mk
	@tools/deps.sh linux
	@mkdir -p build/linux/initrd
	$(Q)$(CC) -static -O2 -Wall -Wextra -Werror -o build/linux/initrd/init tests/patches/init.c
	$(Q)tar -xJf /usr/src/linux-source-6.1.tar.xz -O linux-source-6.1/usr/gen_init_cpio.c \
		>build/linux/initrd/gen_init_cpio.c
	$(Q)$(CC) -O2 -o build/linux/initrd/gen_init_cpio build/linux/initrd/gen_init_cpio.c
	$(Q)build/linux/initrd/gen_init_cpio tests/patches/initrd.list >$@.tmp && mv $@.tmp $@

check-patches: all
	@tools/deps.sh $(CHECK_DEPS) linux
	@$(PYTEST) -m patches $(PYTEST_ARGS)

# The boots and the figures, without the source checks.
run-patches: all
	@tools/deps.sh $(CHECK_DEPS) linux
	@$(PYTEST) -m patches -k "guest or figures" -s $(PYTEST_ARGS)
