/* SPDX-License-Identifier: MIT */
/* %gs reaches this CPU's area, and the accessors are single instructions. */
#include <pvkit/percpu.h>
#include <pvkit/selftest.h>

#define INCREMENTS 1000

SELFTEST(test_percpu_gs_base, "percpu.gs_points_at_area", NULL)
{
	struct percpu *area = this_cpu_area();

	CHECK(area == &percpu_areas[0], "%%gs:0 is %p, want %p", (void *)area,
	      (void *)&percpu_areas[0]);
	CHECK(this_cpu_read(cpu) == 0, "boot CPU reads cpu %u", this_cpu_read(cpu));
}

SELFTEST(test_percpu_counter, "percpu.this_cpu_inc", NULL)
{
	struct percpu *area = &percpu_areas[0];
	unsigned long before = area->test_counter;

	for (int i = 0; i < INCREMENTS; i++)
		this_cpu_inc(test_counter);
	CHECK(area->test_counter == before + INCREMENTS, "counter %lu, want %lu",
	      area->test_counter, before + INCREMENTS);
	this_cpu_write(test_counter, 7);
	CHECK(area->test_counter == 7 && this_cpu_read(test_counter) == 7,
	      "write/read through %%gs disagree with memory");
}
