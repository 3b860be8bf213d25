/* SPDX-License-Identifier: MIT */
/* Interrupt-flag ops keep the semantics the core relies on. */
#include <pvkit/arch.h>
#include <pvkit/selftest.h>

SELFTEST(test_irq_disable_enable, "irq.disable_enable", NULL)
{
	unsigned long saved = arch_local_irq_save();

	arch_local_irq_disable();
	CHECK(arch_irqs_disabled(), "irq_disable left interrupts on");
	arch_local_irq_enable();
	CHECK(!arch_irqs_disabled(), "irq_enable left interrupts off");
	arch_local_irq_disable();
	CHECK(arch_irqs_disabled(), "second irq_disable left interrupts on");
	arch_local_irq_restore(saved);
}

SELFTEST(test_irq_save_restore_nested, "irq.save_restore_nested", NULL)
{
	unsigned long outer, inner, saved = arch_local_irq_save();

	arch_local_irq_enable();
	outer = arch_local_irq_save();
	CHECK(outer & X86_EFLAGS_IF, "save_fl with interrupts on lacks IF (%#lx)", outer);
	CHECK(arch_irqs_disabled(), "irq_save did not disable");
	inner = arch_local_irq_save();
	CHECK(!(inner & X86_EFLAGS_IF), "nested save_fl shows IF (%#lx)", inner);
	arch_local_irq_restore(inner);
	CHECK(arch_irqs_disabled(), "inner restore enabled interrupts");
	arch_local_irq_restore(outer);
	CHECK(!arch_irqs_disabled(), "outer restore left interrupts off");
	arch_local_irq_restore(saved);
}
