/* SPDX-License-Identifier: MIT */
/* The per-cpu areas and their set-up on each CPU. */
#include <pvkit/arch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>

struct percpu percpu_areas[MAX_CPUS];

void percpu_init_cpu(unsigned int cpu)
{
	struct percpu *area = &percpu_areas[cpu];

	area->self = area;
	area->cpu = cpu;
	arch_write_gs_base((unsigned long)area);
	arch_cpu_init(cpu, area);
}
