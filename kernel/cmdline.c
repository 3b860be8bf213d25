/* SPDX-License-Identifier: MIT */
/* Kernel command-line parser (host-tested in tests/unit/test_cmdline.c). */
#include <pvkit/cmdline.h>
#include <pvkit/string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const struct cmdline_option *find(const struct cmdline_option *opts,
					 size_t nr, const char *name)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(opts[i].name, name))
			return &opts[i];
	return NULL;
}

/* Copies one word into buf (quotes removed); returns the rest of the line. */
static const char *next_word(const char *p, char *buf, size_t size,
			     bool *too_long, bool *unterminated)
{
	size_t n = 0;
	bool quoted = false;

	*too_long = false;
	for (; *p && (quoted || !is_blank(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			buf[n++] = *p;
		else
			*too_long = true;
	}
	buf[n] = '\0';
	*unterminated = quoted;
	return p;
}

static bool apply(const char *word, const struct cmdline_option *opts,
		  size_t nr, cmdline_warn_fn warn)
{
	char name[CMDLINE_MAX_WORD];
	const char *eq = word;
	const struct cmdline_option *opt;
	size_t len;

	while (*eq && *eq != '=')
		eq++;
	len = (size_t)(eq - word);
	if (!len) {
		warn("pvkit: warning: malformed option '%s' (no name), ignored\n", word);
		return false;
	}
	memcpy(name, word, len);
	name[len] = '\0';

	opt = find(opts, nr, name);
	if (!opt) {
		warn("pvkit: warning: unknown option '%s', ignored\n", name);
		return false;
	}
	if (opt->takes_value && (!*eq || !eq[1])) {
		warn("pvkit: warning: option '%s' needs a value, ignored\n", name);
		return false;
	}
	if (!opt->takes_value && *eq) {
		warn("pvkit: warning: option '%s' takes no value, ignored\n", name);
		return false;
	}
	if (!opt->set(opt->takes_value ? eq + 1 : NULL)) {
		warn("pvkit: warning: bad value '%s' for option '%s', ignored\n",
		     eq + 1, name);
		return false;
	}
	return true;
}

unsigned int cmdline_parse(const char *line, const struct cmdline_option *opts,
			   size_t nr_opts, cmdline_warn_fn warn)
{
	char word[CMDLINE_MAX_WORD];
	unsigned int rejected = 0;
	const char *p = line ? line : "";

	for (;;) {
		bool too_long, unterminated;

		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		p = next_word(p, word, sizeof(word), &too_long, &unterminated);
		if (too_long) {
			warn("pvkit: warning: option '%.32s...' longer than %d characters, ignored\n",
			     word, CMDLINE_MAX_WORD - 1);
			rejected++;
		} else if (unterminated) {
			warn("pvkit: warning: option '%s' has an unterminated quote, ignored\n",
			     word);
			rejected++;
		} else if (!apply(word, opts, nr_opts, warn)) {
			rejected++;
		}
	}
	return rejected;
}
