/* SPDX-License-Identifier: MIT */
/* Reporting an exception nobody expected. */
#include <pvkit/extable.h>
#include <pvkit/printk.h>
#include <pvkit/symbols.h>
#include <pvkit/trapframe.h>

static void __noreturn trap_report(const struct trap_frame *f, uint64_t cr2);

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "RSV",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void trap_dispatch(struct trap_frame *f, uint64_t cr2)
{
	if (extable_fixup(f, cr2))
		return;
	trap_report(f, cr2);
}

static void __noreturn trap_report(const struct trap_frame *f, uint64_t cr2)
{
	const char *name = f->vector < 32 && exception_names[f->vector] ?
			   exception_names[f->vector] : "?";

	printk("pvkit: exception %lu %s error=%#lx rip=%#lx rsp=%#lx rflags=%#lx cr2=%#lx\n",
	       f->vector, name, f->error, f->rip, f->rsp, f->rflags, cr2);
	printk("pvkit:   rax=%#lx rbx=%#lx rcx=%#lx rdx=%#lx rsi=%#lx rdi=%#lx rbp=%#lx\n",
	       f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp);
	printk("pvkit:   r8=%#lx r9=%#lx r10=%#lx r11=%#lx r12=%#lx r13=%#lx r14=%#lx r15=%#lx\n",
	       f->r8, f->r9, f->r10, f->r11, f->r12, f->r13, f->r14, f->r15);
	backtrace_print(f->rip, f->rbp);
	panic("unhandled exception %lu %s at %#lx", f->vector, name, f->rip);
}
