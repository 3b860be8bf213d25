/* Other vCPUs: VCPUOP_initialise + VCPUOP_up, and IPIs on event channels. */
#include "xen.h"

long xen_cpu_up(unsigned int cpu, unsigned long stack_top)
{
	(void)cpu;
	(void)stack_top;
	return -38;	/* ENOSYS */
}

void xen_send_ipi(unsigned int cpu)
{
	(void)cpu;
}
