// SPDX-License-Identifier: MIT
/*
 * A multiboot2 boot (GRUB): the boot information turned into the PVH start
 * info the rest of the native setup reads (command line, memory map, ACPI
 * RSDP), so that both boot protocols share one setup path.
 */
#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <pvkit/boot.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>
#include "multiboot2.h"
#include "native.h"

#define MAX_MMAP	128
#define MAX_CMDLINE	1024
#define MAX_NAME	64
#define MAX_RSDP	64	/* an ACPI 2.0 RSDP is 36 bytes */

extern uint32_t native_mb2_magic;
bool native_mb2_booted;

/* Copies: the loader's information lies in memory the kernel may reuse. */
static struct hvm_start_info mb2_si;
static struct hvm_memmap_table_entry mb2_mmap[MAX_MMAP];
static char mb2_cmdline[MAX_CMDLINE], mb2_loader_name[MAX_NAME] = "?";
static uint8_t mb2_rsdp[MAX_RSDP];
static const char *mb2_acpi = "none";

static void copy_string(char *dst, size_t room, const struct mb2_tag *t)
{
	size_t n = t->size - sizeof(*t);

	n = n < room - 1 ? n : room - 1;
	memcpy(dst, t + 1, n);
	dst[n] = '\0';
}

static void copy_rsdp(const struct mb2_tag *t, const char *which)
{
	size_t n = t->size - sizeof(*t);

	memcpy(mb2_rsdp, t + 1, n < MAX_RSDP ? n : MAX_RSDP);
	mb2_si.rsdp_paddr = (uintptr_t)mb2_rsdp;
	mb2_acpi = which;
}

static void read_mmap(const struct mb2_tag_mmap *t)
{
	const uint8_t *p = (const uint8_t *)(t + 1), *end = (const uint8_t *)t + t->tag.size;

	if (t->entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (; p + t->entry_size <= end && mb2_si.memmap_entries < MAX_MMAP; p += t->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		struct hvm_memmap_table_entry *m = &mb2_mmap[mb2_si.memmap_entries++];

		m->addr = e->addr;
		m->size = e->len;
		/* The numbers mean the same in both; anything else is reserved. */
		m->type = e->type >= 1 && e->type <= 5 ? e->type : XEN_HVM_MEMMAP_TYPE_RESERVED;
	}
	mb2_si.memmap_paddr = (uintptr_t)mb2_mmap;
}

static void read_info(const struct mb2_info *info)
{
	const uint8_t *p = (const uint8_t *)(info + 1), *end = (const uint8_t *)info + info->total_size;

	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *t = (const void *)p;

		if (t->type == MB2_TAG_END || t->size < sizeof(*t))
			break;
		switch (t->type) {
		case MB2_TAG_CMDLINE:
			copy_string(mb2_cmdline, sizeof(mb2_cmdline), t);
			mb2_si.cmdline_paddr = (uintptr_t)mb2_cmdline;
			break;
		case MB2_TAG_LOADER_NAME:
			copy_string(mb2_loader_name, sizeof(mb2_loader_name), t);
			break;
		case MB2_TAG_MMAP:
			read_mmap((const void *)t);
			break;
		case MB2_TAG_ACPI_OLD:	/* a copy of the RSDP; the new one wins */
			if (!mb2_si.rsdp_paddr)
				copy_rsdp(t, "old (RSDP 1.0)");
			break;
		case MB2_TAG_ACPI_NEW:
			copy_rsdp(t, "new (RSDP 2.0)");
			break;
		}
		p += (t->size + 7) & ~7u;
	}
}

/* pvh-entry.S calls this in long mode, %ebx from the loader. */
void __noreturn __used native_mb2_start(uint32_t info_paddr)
{
	bool valid = native_mb2_magic == MB2_LOADER_MAGIC && info_paddr;

	if (valid) {
		mb2_si.magic = XEN_HVM_START_MAGIC_VALUE;
		mb2_si.version = 1;
		read_info((const void *)(uintptr_t)info_paddr);
	}
	native_mb2_booted = true;
	pvkit_start(PV_ENTRY_PVH, valid ? &mb2_si : NULL);
}

void native_mb2_print(void)
{
	if (native_mb2_magic != MB2_LOADER_MAGIC) {
		printk("pvkit: multiboot2: warning: entered with %%eax %#x, not the "
		       "loader magic %#x: no boot information used\n", native_mb2_magic,
		       MB2_LOADER_MAGIC);
		return;
	}
	printk("pvkit: multiboot2: loader '%s', memory map %u entries, ACPI %s\n",
	       mb2_loader_name, mb2_si.memmap_entries, mb2_acpi);
}
