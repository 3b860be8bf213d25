/* SPDX-License-Identifier: MIT */
/* COM1, a 16550 UART at 0x3f8, programmed for 115200 8n1 without interrupts. */
#include "io.h"
#include "native.h"

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding (DLAB=0) */
#define UART_DLL	0	/* divisor low (DLAB=1) */
#define UART_IER	1
#define UART_DLM	1	/* divisor high (DLAB=1) */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7

#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define FCR_ENABLE_CLEAR 0x07	/* enable FIFOs, clear rx and tx */
#define MCR_DTR_RTS	0x03
#define LSR_THRE	0x20
#define LSR_DATA_READY	0x01
#define UART_RBR	0	/* receive buffer (DLAB=0) */

/* 115200 = 1843200 / (16 * 1) */
#define BAUD_DIVISOR	1

/* Long enough for one character at 9600 baud on real hardware. */
#define THRE_SPINS	100000

static bool present;

bool native_serial_init(void)
{
	/* No UART answers the scratch register test: write nowhere. */
	outb(COM1 + UART_SCR, 0xa5);
	if (inb(COM1 + UART_SCR) != 0xa5)
		return false;

	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, BAUD_DIVISOR & 0xff);
	outb(COM1 + UART_DLM, BAUD_DIVISOR >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
	present = true;
	return true;
}

void native_serial_write(const char *buf, size_t len)
{
	if (!present)
		return;
	while (len--) {
		for (unsigned int spin = 0; spin < THRE_SPINS; spin++)
			if (inb(COM1 + UART_LSR) & LSR_THRE)
				break;
		outb(COM1 + UART_THR, (uint8_t)*buf++);
	}
}

size_t native_serial_read(char *buf, size_t len)
{
	size_t n = 0;

	while (present && n < len && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
		buf[n++] = (char)inb(COM1 + UART_RBR);
	return n;
}
