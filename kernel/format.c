/* SPDX-License-Identifier: MIT */
/*
 * vsnprintf for the kernel: %d %i %u %x %X %o %p %s %c %%, the l, ll, z and h
 * length modifiers, flags '-' '0' '+' ' ' '#', width and precision (both may
 * be '*').  Output is always NUL-terminated when size > 0 and the return value
 * is the length the full output would have, as in C99.
 */
#include <stdarg.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision;		/* -1: none */
};

static void put_field(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	int pad = sp->width - (int)n;

	if (!sp->left)
		put_repeat(o, ' ', pad);
	while (n--)
		put(o, *s++);
	if (sp->left)
		put_repeat(o, ' ', pad);
}

static void put_number(struct out *o, const struct spec *sp, unsigned long long v,
		       bool negative, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, sign = 0, prefix = 0, zeros, pad;
	char sign_char = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;			/* "%.0d" of 0 prints nothing */

	if (negative)
		sign_char = '-';
	else if (sp->plus)
		sign_char = '+';
	else if (sp->space)
		sign_char = ' ';
	sign = sign_char != 0;
	if (sp->alt && base == 16 && n)
		prefix = 2;

	zeros = sp->precision > n ? sp->precision - n : 0;
	pad = sp->width - (sign + prefix + zeros + n);
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}

	if (!sp->left)
		put_repeat(o, ' ', pad);
	if (sign)
		put(o, sign_char);
	if (prefix) {
		put(o, '0');
		put(o, upper ? 'X' : 'x');
	}
	put_repeat(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		put_repeat(o, ' ', pad);
}

static const char *parse_int(const char *p, int *val)
{
	*val = 0;
	while (*p >= '0' && *p <= '9')
		*val = *val * 10 + (*p++ - '0');
	return p;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	const char *p;

	for (p = fmt; *p; p++) {
		struct spec sp = { .precision = -1 };
		int lng = 0;		/* 0 int, 1 long, 2 long long, -1 short, -2 char */

		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		for (p++;; p++) {
			if (*p == '-')
				sp.left = true;
			else if (*p == '0')
				sp.zero = true;
			else if (*p == '+')
				sp.plus = true;
			else if (*p == ' ')
				sp.space = true;
			else if (*p == '#')
				sp.alt = true;
			else
				break;
		}
		if (*p == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			p++;
		} else {
			p = parse_int(p, &sp.width);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				sp.precision = va_arg(ap, int);
				p++;
			} else {
				p = parse_int(p, &sp.precision);
			}
		}
		for (;; p++) {
			if (*p == 'l')
				lng++;
			else if (*p == 'z')
				lng = 1;
			else if (*p == 'h')
				lng--;
			else
				break;
		}

		switch (*p) {
		case 'd':
		case 'i': {
			long long v = lng >= 2 ? va_arg(ap, long long) :
				      lng == 1 ? va_arg(ap, long) : va_arg(ap, int);

			if (lng == -1)
				v = (short)v;
			else if (lng <= -2)
				v = (signed char)v;
			put_number(&o, &sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
				   v < 0, 10, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long) :
					       lng == 1 ? va_arg(ap, unsigned long) :
					       va_arg(ap, unsigned int);
			unsigned int base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;

			if (lng == -1)
				v = (unsigned short)v;
			else if (lng <= -2)
				v = (unsigned char)v;
			put_number(&o, &sp, v, false, base, *p == 'X');
			break;
		}
		case 'p':
			sp.alt = true;
			put_number(&o, &sp, (unsigned long)va_arg(ap, void *), false, 16, false);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			put_field(&o, &sp, s, sp.precision >= 0 ?
				  strnlen(s, (size_t)sp.precision) : strlen(s));
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			put_field(&o, &sp, &c, 1);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			p--;		/* a lone '%' at the end: print nothing */
			break;
		default:		/* unknown conversion: show it as written */
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
