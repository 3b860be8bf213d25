# patches/: the Linux 6.1 series that inlines Xen PV irq_disable, its two
# test kernels (stock and patched) and their boot tests.  Included from the
# top Makefile.
#   make patches-build   both kernels and the test initramfs (build/linux/)
#   make check-patches   apply, checkpatch, build, boot on Xen and natively
#   make run-patches     the boots and the figures only

LINUX_INITRD := build/linux/initrd.cpio

.PHONY: patches-build check-patches run-patches

patches-build: $(LINUX_INITRD)
	$(Q)patches/build-linux.sh stock
	$(Q)patches/build-linux.sh patched

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

# patches/mainline/: the series against Linux 7.3 (Debian experimental's
# linux-source-7.3, pinned in patches/mainline/source.mk).  Not in
# make check yet: no boot tests.
#   make mainline-source   fetch and unpack the pinned .deb (cached)
#   make mainline-build    stock and patched 7.3 kernels (cached), the initramfs
#   make mainline-check    git am + checkpatch --strict, objtool diff, site simulation
.PHONY: mainline-source mainline-build mainline-check

mainline-source:
	$(Q)patches/mainline/fetch-source.sh >/dev/null

mainline-build: $(LINUX_INITRD)
	$(Q)patches/mainline/build-linux.sh stock
	$(Q)patches/mainline/build-linux.sh patched

mainline-check: mainline-build
	$(Q)patches/mainline/check-series.sh
	$(Q)grep -v 'override: reassigning' build/linux-mainline/stock/objtool.txt >build/linux-mainline/objtool-stock.txt || true
	$(Q)grep -v 'override: reassigning' build/linux-mainline/patched/objtool.txt >build/linux-mainline/objtool-patched.txt || true
	$(Q)diff build/linux-mainline/objtool-stock.txt build/linux-mainline/objtool-patched.txt
	$(Q)/usr/bin/python3 tests/patches/mainline/altsim.py \
		build/linux-mainline/patched/vmlinux build/linux-mainline/patched/System.map
