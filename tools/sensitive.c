/* SPDX-License-Identifier: MIT */
/*
 * What the audit counts as sensitive, by class and source, and the one
 * table of uses allowed outside .text.native* (tools/audit.c walks the
 * image; this file only answers "is it sensitive" and "is it allowed").
 */
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include "sensitive.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Robin and Irvine, "Analysis of the Intel Pentium's Ability to Support a
 * Secure Virtual Machine Monitor", 9th USENIX Security Symposium, 2000,
 * section 4: the instructions that read or change privileged state
 * without trapping at CPL > 0 (sensitive register instructions and
 * protection-system references).  PUSH and POP of a segment register and
 * MOV to or from one are matched on their operands below.
 */
static const struct sensitive_class unprivileged = {
	"unprivileged", "Robin & Irvine, USENIX Security 2000, sec. 4"
};
static const char *const unprivileged_mnemonics[] = {
	"sgdt", "sidt", "sldt", "smsw", "str",
	"pushf", "pushfd", "pushfq", "popf", "popfd", "popfq",
	"lar", "lsl", "verr", "verw",
	"lcall", "ljmp", "retf", "retfq",
	"int", "int1", "int3", "into", "iret", "iretd", "iretq",
};

/*
 * Intel SDM vol. 3A, "Privileged Instructions" (CPL 0 only), with the
 * IOPL-sensitive ones (vol. 1, "I/O Privilege Level": IN, INS, OUT, OUTS,
 * CLI, STI), the FS/GS base writes and reads CR4.FSGSBASE gates, SMAP's
 * CLAC/STAC, RSM, and the SVM and VMX instructions (vol. 3C; AMD APM vol.
 * 3).  MOV to or from %crN / %drN is matched on its operands below.
 */
static const struct sensitive_class privileged = {
	"privileged", "Intel SDM vol. 3A, Privileged Instructions; vol. 1, I/O Privilege Level"
};
static const char *const privileged_mnemonics[] = {
	"lgdt", "lidt", "lldt", "ltr", "lmsw", "clts",
	"invd", "wbinvd", "wbnoinvd", "invlpg", "invlpga", "invpcid",
	"hlt", "rdmsr", "wrmsr", "rdpmc", "sysexit", "rsm", "clac", "stac",
	"cli", "sti", "in", "out", "insb", "insw", "insd", "outsb", "outsw", "outsd",
	"wrfsbase", "wrgsbase", "rdfsbase", "rdgsbase",
	"vmcall", "vmmcall", "vmrun", "vmload", "vmsave", "stgi", "clgi", "skinit",
	"vmxon", "vmxoff", "vmlaunch", "vmresume", "vmptrld", "vmptrst", "vmread",
	"vmwrite", "vmclear", "invept", "invvpid",
};

/*
 * Instructions that reveal or depend on the machine under the kernel: the
 * time-stamp counter and its TSC_AUX (RDTSC, RDTSCP, RDPID; Intel SDM vol.
 * 3B, "Time-Stamp Counter"), the CPU's description (CPUID, XGETBV; CPUID
 * faulting, vol. 4 MSR_MISC_FEATURES_ENABLES), and the privileged ones a
 * Xen PV kernel has a hypercall for instead (XSETBV, MONITOR/MWAIT,
 * SWAPGS, SYSRET: Xen's public headers, xen.h and arch-x86/xen-x86_64.h).
 */
static const struct sensitive_class platform = {
	"platform", "Intel SDM vol. 3B, Time-Stamp Counter; Xen public arch-x86 headers"
};
static const char *const platform_mnemonics[] = {
	"rdtsc", "rdtscp", "rdpid", "cpuid", "xgetbv", "xsetbv",
	"monitor", "mwait", "monitorx", "mwaitx", "swapgs", "sysret", "sysretq",
};

static bool listed(const char *mnemonic, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(mnemonic, list[i]))
			return true;
	return false;
}

/* A segment register, or %crN / %drN, as a whole operand (not a gs: prefix). */
static regex_t segment_operand, control_operand;

static void compile_operand_patterns(void)
{
	static bool done;

	if (done)
		return;
	regcomp(&segment_operand, "(^|, )(cs|ds|es|fs|gs|ss)(, |$)", REG_EXTENDED | REG_NOSUB);
	regcomp(&control_operand, "(^|[^a-z])[cd]r[0-9]+", REG_EXTENDED | REG_NOSUB);
	done = true;
}

static bool operand_is(regex_t *re, const cs_insn *insn)
{
	return !regexec(re, insn->op_str, 0, NULL, 0);
}

/* Capstone 4 decodes RDPID (f3 0f c7 /7, register form) as rdseed. */
static bool is_rdpid(const cs_insn *insn)
{
	const uint8_t *b = insn->bytes;
	size_t i = 0;
	bool rep = false;

	for (; i < insn->size && (b[i] == 0xf3 || b[i] == 0x66 || (b[i] & 0xf0) == 0x40); i++)
		rep |= b[i] == 0xf3;
	return rep && i + 2 < insn->size && b[i] == 0x0f && b[i + 1] == 0xc7 &&
	       (b[i + 2] & 0xf8) == 0xf8;
}

const struct sensitive_class *sensitive_class_of(const cs_insn *insn)
{
	const char *m = insn->mnemonic;

	compile_operand_patterns();
	if (listed(m, unprivileged_mnemonics, N(unprivileged_mnemonics)))
		return &unprivileged;
	if ((!strcmp(m, "push") || !strcmp(m, "pop") || !strcmp(m, "mov")) &&
	    operand_is(&segment_operand, insn))
		return &unprivileged;
	if (listed(m, privileged_mnemonics, N(privileged_mnemonics)))
		return &privileged;
	if (!strcmp(m, "mov") && operand_is(&control_operand, insn))
		return &privileged;
	if (listed(m, platform_mnemonics, N(platform_mnemonics)) || is_rdpid(insn))
		return &platform;
	return NULL;
}

size_t xen_forced_cpuid_len(const unsigned char *code, size_t size)
{
	static const unsigned char seq[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };

	return size >= sizeof(seq) && !memcmp(code, seq, sizeof(seq)) ? sizeof(seq) : 0;
}

/*
 * Every sensitive instruction outside .text.native* that does not go
 * through an op: the instruction (an extended regular expression on
 * "mnemonic operands", as Capstone prints them), the one function it may
 * sit in, that function's file, and why.
 */
struct sensitive_allowed sensitive_allowed[] = {
	{ "^lsl ", "segment_limit", "kernel/segments.c",
	  "self-tests read back the limit of a descriptor they wrote through the ops, as the "
	  "CPU sees it; lsl does not trap and changes nothing", 0 },
	{ "^mov [a-z0-9]+, cs$", "code_selector", "kernel/segments.c",
	  "an IDT gate names the code selector the CPU runs with (Xen's or the native GDT's); "
	  "reading %cs changes nothing", 0 },
	{ "^rdtsc$", "xen_rdtsc", "xen-common/time.c",
	  "the pvclock scales the TSC with vcpu_time_info; Xen leaves rdtsc native for its "
	  "guests (tsc_mode default), so this is the Xen cpu.rdtsc op itself", 0 },
	{ "^rdtsc$", "xen_pv_entry", "xen-backend/pv-entry.S",
	  "the boot clock's origin, read at the entry point before any op exists", 0 },
	{ "^rdtsc$", "pvclock_read", "kvm-backend/clock.c",
	  "kvmclock scales the TSC with the per-vCPU pvclock KVM writes; KVM does not trap "
	  "rdtsc, so the read is the clock itself", 0 },
	{ "^(vmcall|vmmcall)$", "kvm_hypercall", "kvm-backend/hypercall.S",
	  "KVM's one hypercall site: the instruction asks the hypervisor, as Xen's hypercall "
	  "page does; setup writes the CPU vendor's over it (vmmcall on AMD)", 0 },
	{ "^int3$", "hypercall_page", "xen-common/hypercall-page.S",
	  "the filler of the page Xen overwrites with its hypercall stubs; a call before that "
	  "traps", 0 },
};
const size_t sensitive_nr_allowed = N(sensitive_allowed);

bool sensitive_allowed_matches(const struct sensitive_allowed *a, const cs_insn *insn)
{
	char text[192];
	regex_t re;
	bool hit;

	snprintf(text, sizeof(text), "%s%s%s", insn->mnemonic, insn->op_str[0] ? " " : "",
		 insn->op_str);
	if (regcomp(&re, a->insn, REG_EXTENDED | REG_NOSUB))
		return false;
	hit = !regexec(&re, text, 0, NULL, 0);
	regfree(&re);
	return hit;
}
