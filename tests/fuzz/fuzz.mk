# SPDX-License-Identifier: MIT
# tests/fuzz/: libFuzzer targets (clang, ASan, UBSan) over the code that
# takes outside input, built for the host.  Included from the top Makefile.
#   make fuzz          each target FUZZ_SECONDS (default 60) seconds from its
#                      seed corpus (tests/fuzz/corpus/<target>/); new inputs
#                      go to build/fuzz/corpus/<target>/, crashes to
#                      build/fuzz/crashes/<target>/
#   make fuzz-build    the targets only (make check replays the corpora and
#                      the saved crash inputs, tests/fuzz/test_fuzz.py)

FUZZ_SECONDS ?= 60
FUZZ_CC      := clang-14
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -Wno-missing-field-initializers $(INCLUDES) -I$(BUILD)/include \
	-D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__
FUZZ_TARGETS := cmdline patch format xenstore sitesmap audit pathstat
FUZZ_BINS    := $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	$(Q)tests/fuzz/run.sh $(BUILD)/fuzz $(BUILD)/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Each target: its harness, then the sources it runs, then extra flags.
FUZZ_SRCS_cmdline  := kernel/cmdline.c kernel/options.c
FUZZ_SRCS_patch    := kernel/paravirt/patch-core.c native-backend/patch.c native-backend/templates.S \
	xen-backend/patch.c xen-backend/templates.S
FUZZ_LIBS_patch    := -lcapstone -Wl,-z,noexecstack
FUZZ_SRCS_format   := kernel/format.c
FUZZ_FLAGS_format  := -Wno-format -Dvsnprintf=vsnprintf_kernel -Dsnprintf=snprintf_kernel
FUZZ_DEPS_xenstore := xen-common/xenstore.c
FUZZ_DEPS_sitesmap := tools/sitesmap.c $(ELFIMAGE)
FUZZ_SRCS_audit    := tools/sensitive.c
FUZZ_DEPS_audit    := tools/audit.c tools/sensitive.h $(ELFIMAGE)
FUZZ_LIBS_audit    := -lcapstone
FUZZ_DEPS_pathstat := tools/pathstat.c $(ELFIMAGE)
FUZZ_LIBS_pathstat := -lcapstone

.SECONDEXPANSION:
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_$$*) $$(FUZZ_DEPS_$$*) tests/fuzz/fuzz.mk \
		| $(BUILD)/include/xen
	@tools/deps.sh fuzz
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$*) -o $@ $< $(FUZZ_SRCS_$*) $(FUZZ_LIBS_$*)
