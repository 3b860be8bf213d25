/* SPDX-License-Identifier: MIT */
/*
 * Native setup: read the PVH start info, bring up COM1, traps and the boot
 * CPU's GDT and TSS, clock, ACPI (with the CPUs of the MADT).
 */
#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <pvkit/boot.h>
#include <pvkit/layout.h>
#include <pvkit/printk.h>
#include <pvkit/native-hvm.h>
#include "native.h"
#include "trampoline.h"

extern unsigned char boot_stack[BOOT_STACK_SIZE];

/* The 32-bit entry stub calls this in long mode on the boot stack. */
void __noreturn __used native_pvh_start(uint32_t start_info_paddr)
{
	pvkit_start(PV_ENTRY_PVH, (void *)(uintptr_t)start_info_paddr);
}

extern const char __image_end[];

/*
 * Free frames: the largest RAM region above the image (below 4 GiB, the 1:1
 * map), from the image's end if the image lies in it.  A PVH loader gives
 * one region from 1 MiB up; UEFI's map (through GRUB) cuts RAM into many,
 * and the one holding the image may be a few MiB only.
 */
static void free_frames(const struct hvm_start_info *si, struct boot_info *bi)
{
	uint64_t image_end = ((uint64_t)(uintptr_t)__image_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t start = image_end, end = 16ULL << 20;	/* without a memory map, assume 16 MiB */

	if (si && si->version >= 1 && si->memmap_paddr) {
		const struct hvm_memmap_table_entry *e = (const void *)(uintptr_t)si->memmap_paddr;
		uint64_t best = 0;

		for (uint32_t i = 0; i < si->memmap_entries; i++) {
			uint64_t lo = e[i].addr, hi = e[i].addr + e[i].size;

			if (e[i].type != XEN_HVM_MEMMAP_TYPE_RAM || hi <= image_end)
				continue;
			lo = lo < image_end ? image_end : (lo + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
			hi = (hi > (4ULL << 30) ? 4ULL << 30 : hi) & ~(PAGE_SIZE - 1);
			if (hi > lo && hi - lo > best) {
				best = hi - lo;
				start = lo;
				end = hi;
			}
		}
	}
	if (end > (4ULL << 30))
		end = 4ULL << 30;
	bi->free_pfn_start = start >> PAGE_SHIFT;
	bi->free_pfn_end = end >> PAGE_SHIFT;
}

/* The AP trampoline's page must be RAM the map lists (no map: assume so). */
static bool trampoline_page_is_ram(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *e;

	if (si->version < 1 || !si->memmap_paddr)
		return true;
	e = (const void *)(uintptr_t)si->memmap_paddr;
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && e[i].addr <= TRAMPOLINE_ADDR &&
		    TRAMPOLINE_ADDR + PAGE_SIZE <= e[i].addr + e[i].size)
			return true;
	printk("pvkit: smp: %#x is not RAM in the memory map: no other CPU can start\n",
	       TRAMPOLINE_ADDR);
	return false;
}

static uint64_t memmap_ram(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *e;
	uint64_t total = 0;

	if (si->version < 1 || !si->memmap_paddr)
		return 0;
	e = (const void *)(uintptr_t)si->memmap_paddr;
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
			total += e[i].size;
	return total;
}

/* Everything but the console, the TSC calibration and the APIC timer. */
static void setup_machine(void *boot_data, struct boot_info *bi)
{
	const struct hvm_start_info *si = boot_data;
	bool valid = si && si->magic == XEN_HVM_START_MAGIC_VALUE;

	native_traps_init();
	native_cpu_tables_load(0, (unsigned long)(boot_stack + BOOT_STACK_SIZE));
	native_traps_use_df_stack();
	native_pic_mask_all();
	native_smp_map_boot_cpu();

	bi->loader = native_mb2_booted ? "multiboot2" : "pvh";
	bi->cpus = 1;
	if (native_mb2_booted)
		native_mb2_print();
	if (!valid) {
		printk("pvkit: warning: no PVH start info (magic %#x): no command line, "
		       "ACPI found by scanning\n", si ? si->magic : 0);
		bi->cmdline = "";
		native_acpi_init(0);
	} else {
		bi->cmdline = si->cmdline_paddr ? (const char *)(uintptr_t)si->cmdline_paddr : "";
		bi->mem_bytes = memmap_ram(si);
		native_trampoline_usable = trampoline_page_is_ram(si);
		native_acpi_init(si->rsdp_paddr);
	}
	bi->cpus_present = native_acpi_cpus;
	free_frames(valid ? si : NULL, bi);
}

void native_setup(void *boot_data, struct boot_info *bi)
{
	native_serial_init();
	setup_machine(boot_data, bi);
	native_tsc_calibrate();
	native_apic_timer_init();
}

void native_hvm_setup(void *boot_data, struct boot_info *bi, uint64_t tsc_hz)
{
	setup_machine(boot_data, bi);
	native_tsc_set_hz(tsc_hz);
}
