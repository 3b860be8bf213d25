/* SPDX-License-Identifier: MIT */
/*
 * Just enough ACPI to turn the machine off and to reset it: RSDP -> RSDT or
 * XSDT -> FADT for the PM1 control blocks and the reset register, and the
 * DSDT's \_S5 package for the S5 sleep type.  No AML interpreter: \_S5 is a
 * Name() holding a Package whose first elements are constants on every
 * firmware we know of (QEMU, SeaBIOS, OVMF, common PC firmware).
 */
#include <pvkit/printk.h>
#include <pvkit/string.h>
#include "io.h"
#include "native.h"

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

struct acpi_gas {
	uint8_t space;		/* 1 = system I/O */
	uint8_t bit_width, bit_offset, access_size;
	uint64_t address;
} __attribute__((packed));

/* The FADT fields we use, at their ACPI-spec offsets. */
struct acpi_fadt {
	struct acpi_header h;
	uint32_t firmware_ctrl;		/* 36 */
	uint32_t dsdt;			/* 40 */
	uint8_t reserved0[4];
	uint32_t smi_cmd;		/* 48 */
	uint8_t acpi_enable;		/* 52 */
	uint8_t acpi_disable;
	uint8_t reserved1[10];
	uint32_t pm1a_cnt;		/* 64 */
	uint32_t pm1b_cnt;		/* 68 */
	uint8_t reserved2[40];
	uint32_t flags;			/* 112 */
	struct acpi_gas reset_reg;	/* 116 */
	uint8_t reset_value;		/* 128 */
	uint8_t reserved3[11];
	uint64_t x_dsdt;		/* 140 */
} __attribute__((packed));

#define FADT_RESET_REG_SUP	(1u << 10)
#define PM1_SCI_EN		0x0001
#define PM1_SLP_EN		0x2000
#define PM1_SLP_TYP_SHIFT	10
#define GAS_SYSTEM_IO		1

#define AML_NAME_OP		0x08
#define AML_PACKAGE_OP		0x12
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_BYTE_PREFIX		0x0a

static struct {
	bool found;
	bool s5_found;
	uint16_t pm1a_cnt, pm1b_cnt;
	uint16_t slp_typa, slp_typb;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	bool reset_io;
	uint16_t reset_port;
	uint8_t reset_value;
} acpi;

/* A pointer to a fixed physical address, hidden from gcc's bounds checks. */
static const void *phys(uint64_t addr)
{
	__asm__("" : "+r"(addr));
	return (const void *)addr;
}

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static const struct acpi_rsdp *rsdp_scan(uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end; a += 16) {
		const struct acpi_rsdp *r = phys(a);

		if (!memcmp(r->signature, "RSD PTR ", 8) && checksum_ok(r, 20))
			return r;
	}
	return NULL;
}

static const struct acpi_rsdp *rsdp_find(uint64_t hint)
{
	const struct acpi_rsdp *r;
	uint64_t ebda = (uint64_t)*(const uint16_t *)phys(0x40e) << 4;	/* BIOS data area */

	if (hint) {
		r = phys(hint);
		if (!memcmp(r->signature, "RSD PTR ", 8) && checksum_ok(r, 20))
			return r;
	}
	if (ebda && (r = rsdp_scan(ebda, ebda + 1024)))
		return r;
	return rsdp_scan(0xe0000, 0x100000);
}

static const struct acpi_header *table_find(const struct acpi_rsdp *rsdp, const char *sig)
{
	bool x = rsdp->revision >= 2 && rsdp->xsdt;
	const struct acpi_header *root = (const void *)(x ? rsdp->xsdt : rsdp->rsdt);
	size_t width = x ? 8 : 4;
	size_t n;

	if (!checksum_ok(root, root->length))
		return NULL;
	n = (root->length - sizeof(*root)) / width;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *entry = (const uint8_t *)(root + 1) + i * width;
		uint64_t addr = x ? *(const uint64_t *)entry : *(const uint32_t *)entry;
		const struct acpi_header *t = (const void *)addr;

		if (!memcmp(t->signature, sig, 4) && checksum_ok(t, t->length))
			return t;
	}
	return NULL;
}

/* Reads one small integer constant of a package; returns bytes used or 0. */
static size_t aml_small_int(const uint8_t *p, uint16_t *val)
{
	switch (p[0]) {
	case AML_ZERO_OP:
		*val = 0;
		return 1;
	case AML_ONE_OP:
		*val = 1;
		return 1;
	case AML_BYTE_PREFIX:
		*val = p[1];
		return 2;
	default:
		return 0;
	}
}

/* Finds Name(\_S5, Package(){ SLP_TYPa, SLP_TYPb, ... }) in the DSDT body. */
static bool s5_parse(const struct acpi_header *dsdt)
{
	const uint8_t *p = (const uint8_t *)(dsdt + 1);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

	for (; p + 12 < end; p++) {
		size_t pkglen_bytes, n;

		if (memcmp(p, "_S5_", 4) || p[4] != AML_PACKAGE_OP)
			continue;
		if (p[-1] != AML_NAME_OP && !(p[-1] == '\\' && p[-2] == AML_NAME_OP))
			continue;
		pkglen_bytes = 1 + (p[5] >> 6);
		p += 5 + pkglen_bytes + 1;	/* PkgLength, then NumElements */
		n = aml_small_int(p, &acpi.slp_typa);
		if (!n || !aml_small_int(p + n, &acpi.slp_typb))
			return false;
		return true;
	}
	return false;
}

/*
 * Enabled processors in the MADT: local APIC entries (type 0: APIC ID at
 * byte 3) and x2APIC entries (type 9: ID at byte 4), flags bit 0.  Each
 * goes to the SMP map (smp.c), which numbers them after the boot CPU and
 * drops one listed twice; the count is of distinct CPUs, the boot CPU
 * included.
 */
#define MADT_LOCAL_APIC		0
#define MADT_X2APIC		9
#define MADT_ENABLED		1

static unsigned int madt_cpus(const struct acpi_rsdp *rsdp)
{
	const struct acpi_header *madt = table_find(rsdp, "APIC");
	const uint8_t *p, *end;
	unsigned int n = 0;

	if (!madt)
		return 0;
	p = (const uint8_t *)madt + sizeof(*madt) + 8;	/* local APIC address, flags */
	end = (const uint8_t *)madt + madt->length;
	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		uint32_t id, flags;

		if (p[0] == MADT_LOCAL_APIC && p[1] >= 8) {
			id = p[3];
			memcpy(&flags, p + 4, 4);
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			memcpy(&id, p + 4, 4);
			memcpy(&flags, p + 8, 4);
		} else {
			continue;
		}
		if ((flags & MADT_ENABLED) && native_smp_map_cpu(id))
			n++;
	}
	return n;
}

unsigned int native_acpi_cpus;

void native_acpi_init(uint64_t rsdp_hint)
{
	const struct acpi_rsdp *rsdp = rsdp_find(rsdp_hint);
	const struct acpi_fadt *fadt;
	const struct acpi_header *dsdt;

	if (!rsdp) {
		printk("pvkit: acpi: no RSDP found: poweroff and reset will use legacy ports\n");
		return;
	}
	native_acpi_cpus = madt_cpus(rsdp);
	fadt = (const void *)table_find(rsdp, "FACP");
	if (!fadt) {
		printk("pvkit: acpi: no valid FADT\n");
		return;
	}
	acpi.found = true;
	acpi.pm1a_cnt = (uint16_t)fadt->pm1a_cnt;
	acpi.pm1b_cnt = (uint16_t)fadt->pm1b_cnt;
	acpi.smi_cmd = fadt->smi_cmd;
	acpi.acpi_enable = fadt->acpi_enable;
	if (fadt->h.length >= 129 && (fadt->flags & FADT_RESET_REG_SUP) &&
	    fadt->reset_reg.space == GAS_SYSTEM_IO) {
		acpi.reset_io = true;
		acpi.reset_port = (uint16_t)fadt->reset_reg.address;
		acpi.reset_value = fadt->reset_value;
	}
	dsdt = (const void *)(uintptr_t)(fadt->h.length >= 148 && fadt->x_dsdt ?
					 fadt->x_dsdt : fadt->dsdt);
	acpi.s5_found = dsdt && !memcmp(dsdt->signature, "DSDT", 4) &&
			checksum_ok(dsdt, dsdt->length) && s5_parse(dsdt);
	printk("pvkit: acpi: PM1a_CNT=%#x S5=%s SLP_TYPa=%u reset=%s\n",
	       acpi.pm1a_cnt, acpi.s5_found ? "found" : "missing", acpi.slp_typa,
	       acpi.reset_io ? "FADT register" : "legacy");
}

static void acpi_enable_mode(void)
{
	if ((inw(acpi.pm1a_cnt) & PM1_SCI_EN) || !acpi.smi_cmd || !acpi.acpi_enable)
		return;
	outb((uint16_t)acpi.smi_cmd, acpi.acpi_enable);
	for (unsigned long spin = 0; spin < 10000000UL; spin++)
		if (inw(acpi.pm1a_cnt) & PM1_SCI_EN)
			return;
}

static void __noreturn stop_here(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

void native_poweroff(void)
{
	__asm__ __volatile__("cli");
	if (acpi.found && acpi.s5_found && acpi.pm1a_cnt) {
		acpi_enable_mode();
		outw(acpi.pm1a_cnt, (uint16_t)(acpi.slp_typa << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
		if (acpi.pm1b_cnt)
			outw(acpi.pm1b_cnt,
			     (uint16_t)(acpi.slp_typb << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
		for (unsigned long spin = 0; spin < 100000000UL; spin++)
			__asm__ __volatile__("pause");
	}
	printk("pvkit: poweroff failed (no usable ACPI S5); halting\n");
	stop_here();
}

void native_reboot(void)
{
	static const struct { uint16_t limit; uint64_t base; } __attribute__((packed))
		no_idt = { 0, 0 };

	__asm__ __volatile__("cli");
	if (acpi.reset_io)
		outb(acpi.reset_port, acpi.reset_value);
	outb(0xcf9, 0x02);		/* PCI reset control: hard reset */
	io_delay();
	outb(0xcf9, 0x06);
	for (unsigned long spin = 0; spin < 1000000UL; spin++)
		if (!(inb(0x64) & 0x02))	/* 8042 input buffer empty */
			break;
	outb(0x64, 0xfe);		/* 8042: pulse the reset line */
	/* Last resort: a triple fault resets every x86. */
	__asm__ __volatile__("lidt %0; int3" :: "m"(no_idt));
	stop_here();
}

/*
 * A crashed native kernel resets the machine (QEMU with -no-reboot exits);
 * the console already says why.
 */
void native_crash(void)
{
	native_reboot();
}
