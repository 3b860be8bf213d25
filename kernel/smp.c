/* Bringing up the other CPUs, and cross-CPU calls.  (Being written.) */
#include <pvkit/arch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/smp.h>

unsigned int smp_cpus_online = 1;

unsigned int smp_processor_id(void)
{
	return this_cpu_read(cpu);
}

void smp_ipi_interrupt(void)
{
}

void __noreturn smp_ap_start(unsigned int cpu)
{
	percpu_init_cpu(cpu);
	printk("pvkit: smp: cpu %u up\n", cpu);
	for (;;)
		arch_halt();
}
