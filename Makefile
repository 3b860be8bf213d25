# SPDX-License-Identifier: MIT
# pvkit: one x86-64 guest kernel image that boots natively (PVH), as a Xen PV domU and as a Xen PVH domU.
#
#   make            build/pvkit.elf
#   make run        boot it natively, as a Xen PV and as a Xen PVH domU, logs side by side
#   make run-native / make run-xen / make run-pvh / make run-kvm (under real KVM, nested)
#   make gdb        the native boot waiting for gdb (gdb -x tools/pvkit.gdb)
#   make iso        build/pvkit.iso: GRUB (BIOS and UEFI) booting it through multiboot2
#   make check      the test suite (pytest); check-native, check-xen, check-kvm,
#                   check-compare, check-patches run one group
#   make fuzz       the libFuzzer targets, FUZZ_SECONDS (60) seconds each

SHELL   := /bin/bash
BUILD   := build
# V=1 shows the full commands.
Q       := $(if $(V),,@)
CC      := gcc
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
GCC_INC := $(shell $(CC) -print-file-name=include)

# The core's headers, percpu-gs/'s (the %gs per-cpu area and its ABI) and
# xen-common/'s (what the Xen PV and PVH backends share, as <xen-common/...>).
INCLUDES := -Iinclude -Ipercpu-gs/include -Ixen-common/include

KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fno-pic -fno-pie -fno-stack-protector -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer -mno-red-zone -mgeneral-regs-only \
	-mpreferred-stack-boundary=3 -mcmodel=small \
	-nostdinc -isystem $(GCC_INC) $(INCLUDES) -I$(BUILD)/include \
	-D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__ \
	-DPVKIT_VERSION='"$(VERSION)"' -MMD -MP $(if $(DEBUG_PARAVIRT),-DDEBUG_PARAVIRT)
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,-T,kernel/pvkit.ld

SRCS := $(wildcard kernel/*.c kernel/tests/*.c kernel/paravirt/*.c kernel/paravirt/*.S \
	kernel/paravirt/tests/*.c percpu-gs/*.c \
	native-backend/*.c native-backend/*.S xen-backend/*.c xen-backend/*.S \
	xen-common/*.c xen-common/*.S xen-pvh-backend/*.c xen-pvh-backend/*.S \
	kvm-backend/*.c kvm-backend/*.S)
OBJS := $(patsubst %,$(BUILD)/%.o,$(basename $(SRCS)))

.PHONY: all deps run run-native run-xen run-pvh gdb iso xencore2elf FORCE check check-native check-xen check-xen-4.20 check-kvm check-compare \
	clean unit-tests debug audit ops-table
all: $(BUILD)/pvkit.elf $(BUILD)/pvkit.sites $(BUILD)/System.map

deps:
	@tools/deps.sh build

# The same kernel with DEBUG_PARAVIRT: every op poisons the registers its
# call sites may lose (build/debug/pvkit.elf).
debug:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/debug DEBUG_PARAVIRT=1 all

# The Xen public headers come from libxen-dev, reached as <xen/...>, and
# KVM's (<linux/kvm_para.h>, <asm/kvm_para.h>) from linux-libc-dev, without
# the rest of /usr/include (the kernel is freestanding).
$(BUILD)/include/xen:
	@tools/deps.sh build
	@mkdir -p $(BUILD)/include
	$(Q)ln -sfn /usr/include/xen $@

$(BUILD)/include/asm:
	@tools/deps.sh build
	@mkdir -p $(BUILD)/include
	$(Q)ln -sfn /usr/include/linux $(BUILD)/include/linux
	$(Q)ln -sfn /usr/include/asm-generic $(BUILD)/include/asm-generic
	$(Q)ln -sfn /usr/include/$(shell $(CC) -print-multiarch)/asm $@

$(BUILD)/%.o: %.c Makefile | $(BUILD)/include/xen $(BUILD)/include/asm
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.S Makefile | $(BUILD)/include/xen $(BUILD)/include/asm
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

# Two links: the first with an empty symbol table, whose code symbols
# tools/gensyms.sh turns into the table the second link carries (for
# symbolised backtraces).  The table lies after all code, so no code address
# moves between the two; the check below makes sure.
$(BUILD)/pvkit.stage1.elf: $(OBJS) $(BUILD)/ksyms-empty.o kernel/pvkit.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(KERNEL_LDFLAGS) -o $@ $(OBJS) $(BUILD)/ksyms-empty.o -lgcc

$(BUILD)/ksyms-empty.o: tools/ksyms-empty.S Makefile
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(BUILD)/ksyms.o: $(BUILD)/pvkit.stage1.elf tools/gensyms.sh
	@echo "  KSYMS   $@"
	$(Q)tools/gensyms.sh $< > $(BUILD)/ksyms.S
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $(BUILD)/ksyms.S -o $@

$(BUILD)/pvkit.elf: $(BUILD)/pvkit.stage1.elf $(BUILD)/ksyms.o
	@echo "  LD      $@"
	$(Q)$(CC) $(KERNEL_LDFLAGS) -o $@ $(OBJS) $(BUILD)/ksyms.o -lgcc
	$(Q)if ! cmp -s <(nm -n $< | awk '$$2 ~ /^[tTwW]$$/') <(nm -n $@ | awk '$$2 ~ /^[tTwW]$$/'); then \
		echo "pvkit: code moved between the two links; the symbol table would lie" >&2; \
		rm -f $@; exit 1; fi

# The symbol map debuggers read (xenctx -s, crash-style tools): `nm -n`,
# "<address> <type> <name>" sorted by address, as Linux's System.map.
$(BUILD)/System.map: $(BUILD)/pvkit.elf
	@echo "  NM      $@"
	$(Q)nm -n $< > $@.tmp && mv $@.tmp $@

# The patch map: one line per pv-op call site, "<hex address> <op name> <length>".
$(BUILD)/pvkit.sites: $(BUILD)/pvkit.elf $(BUILD)/tools/sitesmap
	@echo "  SITES   $@"
	$(Q)$(BUILD)/tools/sitesmap $< > $@.tmp && mv $@.tmp $@

TOOL_CFLAGS := -std=gnu11 -O1 -Wall -Wextra -Werror $(INCLUDES)
ELFIMAGE    := tools/elfimage.c tools/elfimage.h

$(BUILD)/tools/sitesmap: tools/sitesmap.c $(ELFIMAGE) include/pvkit/paravirt.h include/pvkit/paravirt-abi.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(TOOL_CFLAGS) -o $@ $< tools/elfimage.c

$(BUILD)/tools/audit: tools/audit.c tools/sensitive.c tools/sensitive.h $(ELFIMAGE) include/pvkit/paravirt.h include/pvkit/paravirt-abi.h
	@tools/deps.sh unit
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(TOOL_CFLAGS) -o $@ $< tools/sensitive.c tools/elfimage.c -lcapstone

# The sensitive-instruction rule, on the image as built.
audit: $(BUILD)/pvkit.elf $(BUILD)/tools/audit
	$(Q)$(BUILD)/tools/audit $<

# The ops table (README's "The ops"), read from the image.
ops-table: $(BUILD)/pvkit.elf $(BUILD)/tools/audit
	$(Q)$(BUILD)/tools/audit --ops-table $<

# A GRUB rescue ISO (BIOS and UEFI) booting the image through multiboot2,
# for QEMU -cdrom or a USB stick (README: Booting from GRUB).  PVKIT_CMDLINE
# is the kernel command line in its menu.
iso: $(BUILD)/pvkit.iso

$(BUILD)/iso/boot/grub/grub.cfg: tools/grub.cfg FORCE
	@mkdir -p $(dir $@)
	$(Q)sed 's|@CMDLINE@|$(PVKIT_CMDLINE)|' $< > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/pvkit.iso: $(BUILD)/pvkit.elf $(BUILD)/iso/boot/grub/grub.cfg
	@tools/deps.sh iso
	@echo "  ISO     $@ (grub-mkrescue, log in $(BUILD)/iso.log)"
	$(Q)cp $< $(BUILD)/iso/boot/pvkit.elf
	$(Q)grub-mkrescue -o $@.tmp $(BUILD)/iso >$(BUILD)/iso.log 2>&1 || \
		{ cat $(BUILD)/iso.log >&2; rm -f $@.tmp; exit 1; }
	$(Q)mv $@.tmp $@

FORCE:

# xl dump-core's output as an ELF core gdb reads (README: Debugging a guest).
$(BUILD)/tools/xencore2elf: tools/xencore2elf.c
	@tools/deps.sh build
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(TOOL_CFLAGS) -o $@ $<

xencore2elf: $(BUILD)/tools/xencore2elf

$(BUILD)/tools/pathstat: tools/pathstat.c $(ELFIMAGE) include/pvkit/paravirt-abi.h
	@tools/deps.sh unit
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(TOOL_CFLAGS) -o $@ $< tools/elfimage.c -lcapstone

PYTHON := /usr/bin/python3

run-native: all
	@tools/deps.sh test native
	@$(PYTHON) tests/harness/run.py native

run-xen: all
	@tools/deps.sh test xen
	@$(PYTHON) tests/harness/run.py xen

run-pvh: all
	@tools/deps.sh test xen
	@$(PYTHON) tests/harness/run.py pvh

run-kvm: all
	@tools/deps.sh test kvm
	@$(PYTHON) tests/harness/run.py kvm

run: all
	@tests/harness/run-both.sh

# The native boot stopped at its first instruction, waiting for gdb on
# QEMU's gdbstub (GDB_PORT, default 1234); in another terminal:
#   gdb -x tools/pvkit.gdb           (symbols, a breakpoint in pvkit_main)
GDB_PORT ?= 1234
gdb: all
	@tools/deps.sh native debug
	@echo "pvkit: QEMU waits for gdb on port $(GDB_PORT): gdb -x tools/pvkit.gdb (quit QEMU: Ctrl-A X)"
	@qemu-system-x86_64 -machine q35 -accel tcg -cpu qemu64 -m 128 -smp $${PVKIT_SMP:-1} \
		-nographic -no-reboot -gdb tcp:localhost:$(GDB_PORT) -S \
		-kernel $(BUILD)/pvkit.elf -append "$(PVKIT_CMDLINE)"

# The test suite: pytest over tests/ (see README's Tests).  PYTEST_ARGS
# adds options, e.g. PYTEST_ARGS="-k xl_save" for one test.
CHECK_DEPS := test build unit native xen kvm report debug iso
PYTEST := $(PYTHON) -m pytest tests --junitxml=$(BUILD)/test-results/junit.xml

check: all
	@tools/deps.sh $(CHECK_DEPS) linux
	@$(PYTEST) $(PYTEST_ARGS)

check-native: all
	@tools/deps.sh $(CHECK_DEPS)
	@$(PYTEST) -m native $(PYTEST_ARGS)

check-xen: all
	@tools/deps.sh $(CHECK_DEPS)
	@$(PYTEST) -m xen $(PYTEST_ARGS)

check-kvm: all
	@tools/deps.sh $(CHECK_DEPS)
	@$(PYTEST) -m kvm $(PYTEST_ARGS)

# The xen group on Debian 13's Xen 4.20 (tools/debian13-xen.sh fetches it
# through a private apt configuration; nothing is installed).
check-xen-4.20: all
	@tools/deps.sh $(CHECK_DEPS)
	@$(PYTEST) -m xen --xen=4.20 --junitxml=$(BUILD)/test-results/junit-xen-4.20.xml $(PYTEST_ARGS)

check-compare: all
	@tools/deps.sh $(CHECK_DEPS)
	@$(PYTEST) -m compare $(PYTEST_ARGS)

clean:
	rm -rf $(BUILD)

-include $(OBJS:.o=.d)

# Host unit tests (cmocka): the kernel's pure C parts built for the host.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror $(INCLUDES) -I$(BUILD)/include
UNIT_TESTS  := $(BUILD)/unit/test_format $(BUILD)/unit/test_cmdline $(BUILD)/unit/test_elfnotes \
	$(BUILD)/unit/test_patch

unit-tests: $(UNIT_TESTS)

$(BUILD)/unit/test_format: tests/unit/test_format.c kernel/format.c kernel/string.c
	@tools/deps.sh unit
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(HOST_CFLAGS) -Wno-format -Wno-format-overflow -Dvsnprintf=vsnprintf_kernel -Dsnprintf=snprintf_kernel \
		-o $@ tests/unit/test_format.c kernel/format.c -lcmocka

$(BUILD)/unit/test_cmdline: tests/unit/test_cmdline.c kernel/cmdline.c
	@tools/deps.sh unit
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $^ -lcmocka

$(BUILD)/unit/test_elfnotes: tests/unit/test_elfnotes.c | $(BUILD)/include/xen
	@tools/deps.sh unit
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $< -lcmocka

# The patcher with both backends' hooks and templates, built for the host.
PATCH_TEST_SRCS := tests/unit/test_patch.c kernel/paravirt/patch-core.c native-backend/patch.c \
	native-backend/templates.S xen-backend/patch.c xen-backend/templates.S
$(BUILD)/unit/test_patch: $(PATCH_TEST_SRCS) | $(BUILD)/include/xen
	@tools/deps.sh unit
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(HOST_CFLAGS) -D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__ \
		-Wno-missing-field-initializers -Wl,-z,noexecstack -o $@ $(PATCH_TEST_SRCS) -lcmocka -lcapstone

# tests/fuzz/: the libFuzzer targets (make fuzz, make fuzz-build).
include tests/fuzz/fuzz.mk

# patches/: the Linux series (mainline and the 6.1 backport) and its tests.
include patches/patches.mk
