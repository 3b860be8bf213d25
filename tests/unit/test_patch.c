/* SPDX-License-Identifier: MIT */
/*
 * The patcher's building blocks and both backends' patch hooks, run on
 * buffers on the host; every result is decoded with Capstone: a site must be
 * exactly the expected instruction(s) followed by NOPs, filling its length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <capstone/capstone.h>
#include <pvkit/patch.h>

/* What the patch hooks link against in the kernel. */
struct paravirt_ops pv_ops;
void paravirt_nop(void) {}
bool xen_vcpu_info_percpu;	/* the Xen hook inlines the %gs code only when set */
struct pv_patch_result native_patch(const struct pv_site *site, uint8_t *buf);
struct pv_patch_result xen_patch(const struct pv_site *site, uint8_t *buf);

#define SITE_ADDR	0x102000UL
#define FN_ADDR		0x103000UL	/* where the op's function "is" */

static csh cs;

struct decoded {
	char text[8][200];
	unsigned int n, bytes;
	bool only_nops_after_first;
};

/* Decodes buf; text[i] is "mnemonic operands" of instruction i. */
static struct decoded decode(const uint8_t *buf, unsigned int len, unsigned int first_insns)
{
	struct decoded d = { .only_nops_after_first = true };
	cs_insn *insn;
	size_t count = cs_disasm(cs, buf, len, SITE_ADDR, 0, &insn);

	for (size_t i = 0; i < count; i++) {
		if (i < 8)
			snprintf(d.text[i], sizeof(d.text[i]), "%s%s%s", insn[i].mnemonic,
				 insn[i].op_str[0] ? " " : "", insn[i].op_str);
		if (i >= first_insns && strcmp(insn[i].mnemonic, "nop"))
			d.only_nops_after_first = false;
		d.bytes += insn[i].size;
	}
	d.n = (unsigned int)count;
	cs_free(insn, count);
	return d;
}

static struct pv_site site(unsigned int op, unsigned int len, unsigned int clobbers)
{
	return (struct pv_site) { .addr = SITE_ADDR, .op = (uint16_t)op,
				  .len = (uint8_t)len, .clobbers = (uint16_t)clobbers };
}

/* Runs a hook the way kernel/paravirt/patch.c does: code, then NOPs to the end. */
static struct decoded patch_with(struct pv_patch_result (*hook)(const struct pv_site *, uint8_t *),
				 struct pv_site s, unsigned int first_insns, int want_kind)
{
	uint8_t buf[PV_SITE_MAX_LEN];
	struct pv_patch_result r = hook(&s, buf);

	assert_int_equal(r.kind, want_kind);
	assert_true(r.len <= s.len);
	paravirt_fill_nops(buf + r.len, s.len - r.len);
	return decode(buf, s.len, first_insns);
}

static void set_all_ops(void)
{
	void **slots = (void **)&pv_ops;

	for (size_t i = 0; i < PV_NR_SLOTS; i++)
		slots[i] = (void *)FN_ADDR;
}

static int setup(void **state)
{
	(void)state;
	set_all_ops();
	return cs_open(CS_ARCH_X86, CS_MODE_64, &cs) == CS_ERR_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cs_close(&cs);
	return 0;
}

static void nops_fill_any_length(void **state)
{
	uint8_t buf[41];

	(void)state;
	for (unsigned int len = 1; len < sizeof(buf); len++) {
		struct decoded d;

		memset(buf, 0xcc, sizeof(buf));
		paravirt_fill_nops(buf, len);
		d = decode(buf, len, 0);
		assert_int_equal(d.bytes, len);
		assert_true(d.only_nops_after_first);
		assert_int_equal(d.n, (len + 8) / 9);	/* longest NOPs first */
		assert_int_equal(buf[len], 0xcc);	/* not one byte past the end */
	}
}

static void native_irq_sites_inline(void **state)
{
	static const struct { unsigned int op; const char *first, *second; } want[] = {
		{ PV_OP_irq_disable, "cli", NULL },
		{ PV_OP_irq_enable, "sti", NULL },
		{ PV_OP_save_fl, "pushfq", "pop rax" },
		{ PV_OP_restore_fl, "push rdi", "popfq" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		unsigned int n = want[i].second ? 2 : 1;
		struct decoded d = patch_with(native_patch, site(want[i].op, PV_SITE_IRQ_LEN,
							 PV_CLOBBER_CALLEE_SAVE), n, PV_PATCH_INLINE);

		assert_string_equal(d.text[0], want[i].first);
		if (want[i].second)
			assert_string_equal(d.text[1], want[i].second);
		assert_true(d.only_nops_after_first);
		assert_int_equal(d.bytes, PV_SITE_IRQ_LEN);
	}
}

static void other_ops_become_direct_calls(void **state)
{
	char want[32];
	struct decoded d;

	(void)state;
	snprintf(want, sizeof(want), "call 0x%lx", FN_ADDR);
	d = patch_with(native_patch, site(PV_OP_clock_ns, PV_SITE_CALL_LEN, PV_CLOBBER_ABI),
		       1, PV_PATCH_CALL);
	assert_string_equal(d.text[0], want);
	assert_true(d.only_nops_after_first);
	assert_int_equal(d.bytes, PV_SITE_CALL_LEN);

	xen_vcpu_info_percpu = true;
	d = patch_with(xen_patch, site(PV_OP_irq_enable, PV_SITE_IRQ_LEN,
				       PV_CLOBBER_CALLEE_SAVE), 1, PV_PATCH_CALL);
	assert_string_equal(d.text[0], want);
	assert_true(d.only_nops_after_first);
	assert_int_equal(d.bytes, PV_SITE_IRQ_LEN);
}

static void xen_irq_disable_is_one_movb(void **state)
{
	uint8_t buf[PV_SITE_MAX_LEN];
	struct pv_site s = site(PV_OP_irq_disable, PV_SITE_IRQ_LEN, PV_CLOBBER_CALLEE_SAVE);
	static const uint8_t movb[] = { 0x65, 0xc6, 0x04, 0x25, 0x41, 0, 0, 0, 0x01 };
	struct decoded d;

	(void)state;
	xen_vcpu_info_percpu = true;
	d = patch_with(xen_patch, s, 1, PV_PATCH_INLINE);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.text[0], "mov byte ptr gs:[0x41], 1");
	xen_patch(&s, buf);
	assert_memory_equal(buf, movb, sizeof(movb));
}

/* A native irq site longer than its code: the instruction(s), then NOPs to its end. */
static void native_long_site(unsigned int op, unsigned int len, const char *first,
			     const char *second)
{
	struct decoded d = patch_with(native_patch, site(op, len, PV_CLOBBER_CALLEE_SAVE),
				      second ? 2 : 1, PV_PATCH_INLINE);

	assert_string_equal(d.text[0], first);
	if (second)
		assert_string_equal(d.text[1], second);
	assert_true(d.only_nops_after_first);
	assert_int_equal(d.bytes, len);
}

/* Xen's inline code at a site of len bytes, n instructions filling it exactly. */
static struct decoded xen_inline(unsigned int op, unsigned int len, unsigned int n)
{
	struct decoded d;

	xen_vcpu_info_percpu = true;
	d = patch_with(xen_patch, site(op, len, PV_CLOBBER_CALLEE_SAVE), n, PV_PATCH_INLINE);
	assert_int_equal(d.n, n);
	assert_int_equal(d.bytes, len);
	return d;
}

/* Each decoded instruction is the one listed (want ends with NULL). */
static void expect_insns(const struct decoded *d, const char *const *want)
{
	for (unsigned int i = 0; want[i]; i++)
		assert_string_equal(d->text[i], want[i]);
}

/* 28-byte irq_enable sites: Xen's unmask, test, branch and call through %gs. */
static void xen_irq_enable_inline_at_long_sites(void **state)
{
	char skip[32];
	struct decoded d;

	(void)state;
	d = xen_inline(PV_OP_irq_enable, PV_SITE_IRQ_ENABLE_LEN, 4);
	/* The branch skips exactly the call: it lands on the site's end. */
	snprintf(skip, sizeof(skip), "je 0x%lx", (unsigned long)SITE_ADDR + PV_SITE_IRQ_ENABLE_LEN);
	expect_insns(&d, (const char *const[]) { "mov byte ptr gs:[0x41], 0",
		"test byte ptr gs:[0x40], 0xff", skip, "call qword ptr gs:[0x18]", NULL });
	native_long_site(PV_OP_irq_enable, PV_SITE_IRQ_ENABLE_LEN, "sti", NULL);
}

/*
 * save_fl (16-byte sites): the mask turned into X86_EFLAGS_IF; restore_fl
 * (34): the mask from the IF bit, and when that unmasks the pending test
 * and the branch over the call.  Both branches land on the site's end.
 */
static void xen_save_restore_inline_at_long_sites(void **state)
{
	char jae[32], je[32];
	unsigned long end = SITE_ADDR + PV_SITE_RESTORE_FL_LEN;
	struct decoded d;

	(void)state;
	d = xen_inline(PV_OP_save_fl, PV_SITE_SAVE_FL_LEN, 3);
	expect_insns(&d, (const char *const[]) { "cmp byte ptr gs:[0x41], 1", "sbb eax, eax",
		"and eax, 0x200", NULL });

	d = xen_inline(PV_OP_restore_fl, PV_SITE_RESTORE_FL_LEN, 6);
	snprintf(jae, sizeof(jae), "jae 0x%lx", end);
	snprintf(je, sizeof(je), "je 0x%lx", end);
	expect_insns(&d, (const char *const[]) { "bt edi, 9", "setae byte ptr gs:[0x41]", jae,
		"test byte ptr gs:[0x40], 0xff", je, "call qword ptr gs:[0x18]", NULL });

	native_long_site(PV_OP_save_fl, PV_SITE_SAVE_FL_LEN, "pushfq", "pop rax");
	native_long_site(PV_OP_restore_fl, PV_SITE_RESTORE_FL_LEN, "push rdi", "popfq");
}

static void xen_without_percpu_vcpu_info_calls(void **state)
{
	char want[32];
	struct decoded d;

	(void)state;
	xen_vcpu_info_percpu = false;
	snprintf(want, sizeof(want), "call 0x%lx", FN_ADDR);
	d = patch_with(xen_patch, site(PV_OP_irq_disable, PV_SITE_IRQ_LEN,
				       PV_CLOBBER_CALLEE_SAVE), 1, PV_PATCH_CALL);
	assert_string_equal(d.text[0], want);
	assert_true(d.only_nops_after_first);
	/* The %gs templates of save_fl and restore_fl are declined too. */
	d = patch_with(xen_patch, site(PV_OP_save_fl, PV_SITE_SAVE_FL_LEN,
				       PV_CLOBBER_CALLEE_SAVE), 1, PV_PATCH_CALL);
	assert_string_equal(d.text[0], want);
	d = patch_with(xen_patch, site(PV_OP_restore_fl, PV_SITE_RESTORE_FL_LEN,
				       PV_CLOBBER_CALLEE_SAVE), 1, PV_PATCH_CALL);
	assert_string_equal(d.text[0], want);
	assert_true(d.only_nops_after_first);
	xen_vcpu_info_percpu = true;
}

static void too_small_sites_are_left(void **state)
{
	uint8_t buf[PV_SITE_MAX_LEN];
	struct pv_patch_result r;
	struct pv_site s = site(PV_OP_clock_ns, 4, PV_CLOBBER_ABI);

	(void)state;
	memset(buf, 0xab, sizeof(buf));
	r = native_patch(&s, buf);
	assert_int_equal(r.kind, PV_PATCH_LEFT);
	assert_int_equal(buf[0], 0xab);

	/* A template longer than the site is not used; the call fits instead. */
	s = site(PV_OP_save_fl, 1, PV_CLOBBER_CALLEE_SAVE);
	assert_int_equal(native_patch(&s, buf).kind, PV_PATCH_LEFT);
	s = site(PV_OP_irq_disable, 8, PV_CLOBBER_CALLEE_SAVE);
	xen_vcpu_info_percpu = true;
	assert_int_equal(xen_patch(&s, buf).kind, PV_PATCH_CALL);
}

static void template_clobbers_must_be_allowed(void **state)
{
	struct decoded d;

	(void)state;
	/* pushf; pop %rax clobbers %rax: not at a site that must keep it. */
	d = patch_with(native_patch, site(PV_OP_save_fl, PV_SITE_IRQ_LEN, 0), 1, PV_PATCH_CALL);
	assert_string_equal(d.text[0], "call 0x103000");
}

static void nop_ops_and_far_targets(void **state)
{
	uint8_t buf[PV_SITE_MAX_LEN];
	struct pv_patch_result r;
	struct decoded d;

	(void)state;
	pv_ops.cpu.rdtsc = (void *)paravirt_nop;
	d = patch_with(native_patch, site(PV_OP_rdtsc, PV_SITE_CALL_LEN, PV_CLOBBER_ABI),
		       0, PV_PATCH_NOP);
	assert_true(d.only_nops_after_first);
	assert_int_equal(d.bytes, PV_SITE_CALL_LEN);

	r = paravirt_patch_call(buf, SITE_ADDR, 5, SITE_ADDR + 5 + 0x80000000UL);
	assert_int_equal(r.kind, PV_PATCH_LEFT);
	r = paravirt_patch_call(buf, SITE_ADDR, 5, SITE_ADDR + 5 - 0x80000000UL);
	assert_int_equal(r.kind, PV_PATCH_CALL);
	set_all_ops();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nops_fill_any_length),
		cmocka_unit_test(native_irq_sites_inline),
		cmocka_unit_test(other_ops_become_direct_calls),
		cmocka_unit_test(xen_irq_disable_is_one_movb),
		cmocka_unit_test(xen_irq_enable_inline_at_long_sites),
		cmocka_unit_test(xen_save_restore_inline_at_long_sites),
		cmocka_unit_test(xen_without_percpu_vcpu_info_calls),
		cmocka_unit_test(too_small_sites_are_left),
		cmocka_unit_test(template_clobbers_must_be_allowed),
		cmocka_unit_test(nop_ops_and_far_targets),
	};

	return cmocka_run_group_tests_name("patch", tests, setup, teardown);
}
