/* The native paravirt_ops: the real instructions. */
#include <pvkit/boot.h>
#include <pvkit/paravirt.h>
#include "native.h"

static unsigned long native_save_fl(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushf; pop %0" : "=rm"(flags) :: "memory");
	return flags;
}

static void native_restore_fl(unsigned long flags)
{
	__asm__ __volatile__("push %0; popf" :: "g"(flags) : "memory", "cc");
}

static void native_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static void native_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

/* sti's one-instruction shadow keeps an interrupt from slipping in before hlt. */
static void native_safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static void native_halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

static void native_cpuid(struct cpuid_regs *r)
{
	__asm__ __volatile__("cpuid"
			     : "+a"(r->eax), "=b"(r->ebx), "+c"(r->ecx), "=d"(r->edx));
}

static void native_console_write(const char *buf, size_t len)
{
	serial_write(buf, len);
}

const struct paravirt_ops native_ops = {
	.name = "native",
	.init = {
		.setup = native_setup,
	},
	.irq = {
		.save_fl = native_save_fl,
		.restore_fl = native_restore_fl,
		.irq_disable = native_irq_disable,
		.irq_enable = native_irq_enable,
		.safe_halt = native_safe_halt,
		.halt = native_halt,
	},
	.cpu = {
		.cpuid = native_cpuid,
		.rdtsc = native_rdtsc,
	},
	.time = {
		.clock_ns = native_clock_ns,
	},
	.misc = {
		.console_write = native_console_write,
		.poweroff = native_poweroff,
		.reboot = native_reboot,
		.crash = native_crash,
	},
};
