/* SPDX-License-Identifier: MIT */
/*
 * DEBUG_PARAVIRT (make debug): every pv_ops slot (but the two exception
 * frame ops, which a thunk's own frame would break) goes through a thunk that
 * poisons the registers the op's call sites may lose, on the unpatched and
 * call paths alike, the way Linux's DEBUG_PARAVIRT checks the call-site
 * clobber declarations.  The thunks are in debug-thunks.S.
 */
#ifdef DEBUG_PARAVIRT
#include <pvkit/paravirt.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>

#define POISON_ABI	1
#define POISON_RAX	2
#define MAX_SLOTS	PV_DEBUG_MAX_SLOTS

_Static_assert(PV_NR_SLOTS <= MAX_SLOTS, "debug-thunks.S makes MAX_SLOTS thunks");

void *pv_ops_real[MAX_SLOTS];
uint8_t pv_debug_class[MAX_SLOTS];
extern void *const pv_debug_thunks[MAX_SLOTS];

/* What each op's sites may lose: irq ops are callee-save, the rest C ABI. */
static uint8_t poison_class(unsigned int slot)
{
	switch (slot) {
	case PV_OP_save_fl:
	case PV_OP_read_cr2:
		return 0;
	case PV_OP_restore_fl:
	case PV_OP_irq_disable:
	case PV_OP_irq_enable:
		return POISON_RAX;
	/* C-ABI ops without a result lose %rax too. */
	case PV_OP_setup:
	case PV_OP_cpu_init:
	case PV_OP_safe_halt:
	case PV_OP_halt:
	case PV_OP_cpuid:
	case PV_OP_write_gs_base:
	case PV_OP_write_cr0:
	case PV_OP_null_trap:
	case PV_OP_set_timer:
	case PV_OP_set_text_writable:
	case PV_OP_write_pte:
	case PV_OP_flush_tlb_one:
	case PV_OP_flush_tlb_all:
	case PV_OP_lazy_begin:
	case PV_OP_console_write:
	case PV_OP_poweroff:
	case PV_OP_reboot:
	case PV_OP_crash:
	case PV_OP_write_cr4:
	case PV_OP_load_gdt:
	case PV_OP_store_gdt:
	case PV_OP_write_gdt_entry:
	case PV_OP_set_ldt:
	case PV_OP_write_ldt_entry:
	case PV_OP_load_tr:
	case PV_OP_load_sp0:
	case PV_OP_io_delay:
	case PV_OP_wbinvd:
	case PV_OP_load_idt:
	case PV_OP_store_idt:
	case PV_OP_write_idt_entry:
	case PV_OP_send_ipi:
	case PV_OP_spin_wait:
		return POISON_ABI | POISON_RAX;
	default:
		return POISON_ABI;
	}
}

void paravirt_debug_wrap(void)
{
	void **slots = (void **)&pv_ops;

	for (unsigned int i = 0; i < pv_nr_ops; i++) {
		unsigned int slot = pv_op_descs[i].slot;

		/* These two work on the exception frame above their return address. */
		if (slot == PV_OP_adjust_exception_frame || slot == PV_OP_iret)
			continue;
		pv_ops_real[slot] = slots[slot];
		pv_debug_class[slot] = poison_class(slot);
		slots[slot] = pv_debug_thunks[slot];
	}
	printk("pvkit: DEBUG_PARAVIRT: every op poisons its clobberable registers\n");
}
#endif
