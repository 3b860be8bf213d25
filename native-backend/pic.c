/* SPDX-License-Identifier: MIT */
/*
 * The 8259 PICs.  Interrupts come through the local APIC; the legacy PICs
 * are remapped off the exception vectors and every line is masked, so a
 * stray ISA interrupt cannot arrive as an exception.
 */
#include "io.h"
#include "native.h"

/* Remap the 8259s away from the exception vectors, then mask every line. */
void native_pic_mask_all(void)
{
	static const uint8_t init[2][4] = {
		{ 0x11, 0x20, 0x04, 0x01 },	/* master: ICW1..ICW4, base 0x20 */
		{ 0x11, 0x28, 0x02, 0x01 },	/* slave: base 0x28, cascade 2 */
	};
	static const uint16_t base[2] = { 0x20, 0xa0 };

	for (int icw = 0; icw < 4; icw++) {
		for (int pic = 0; pic < 2; pic++) {
			outb(base[pic] + (icw ? 1 : 0), init[pic][icw]);
			io_delay();
		}
	}
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* Both interrupt mask registers, the slave's in the high byte. */
uint16_t native_pic_masks(void)
{
	return (uint16_t)(inb(0x21) | inb(0xa1) << 8);
}
