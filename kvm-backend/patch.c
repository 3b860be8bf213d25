/* SPDX-License-Identifier: MIT */
/*
 * The hypercall instruction for this CPU's vendor, written over the one
 * hypercall site (hypercall.S) in setup, before any hypercall and before
 * any other CPU runs: vmmcall on AMD, vmcall on Intel.  It cannot wait for
 * the pv_ops site patcher (pvpatch=call and off never ask the patch hook),
 * and the wrong one is no fallback: KVM traps it as #UD and rewrites it
 * through the guest's page tables, which map the text read-only, so the
 * guest takes a #PF on its own hypercall (seen under kvm-amd, Linux 6.1).
 */
#include <pvkit/arch.h>
#include <pvkit/native-hvm.h>
#include <pvkit/string.h>
#include "kvm.h"

const uint8_t kvm_vmcall[3] = { 0x0f, 0x01, 0xc1 };
const uint8_t kvm_vmmcall[3] = { 0x0f, 0x01, 0xd9 };

bool kvm_cpu_is_amd(void)
{
	struct cpuid_regs r = { .eax = 0 };

	native_cpuid(&r);
	return (!memcmp(&r.ebx, "Auth", 4) && !memcmp(&r.edx, "enti", 4) &&
		!memcmp(&r.ecx, "cAMD", 4)) ||
	       (!memcmp(&r.ebx, "Hygo", 4) && !memcmp(&r.edx, "nGen", 4) &&
		!memcmp(&r.ecx, "uine", 4));
}

void kvm_patch_hypercall(void)
{
	struct cpuid_regs serialize = { 0 };

	arch_set_text_writable(true);
	memcpy(kvm_hypercall_insn, kvm_cpu_is_amd() ? kvm_vmmcall : kvm_vmcall, 3);
	arch_set_text_writable(false);
	native_cpuid(&serialize);	/* modified code is fetched anew after it */
}
