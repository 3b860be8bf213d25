/* Reading back recorded call sites, for the self-tests. */
#ifndef PVKIT_SITES_H
#define PVKIT_SITES_H

#include <pvkit/paravirt.h>

enum site_form {
	SITE_INDIRECT,		/* call *pv_ops+slot(%rip), as compiled */
	SITE_DIRECT,		/* call rel32 */
	SITE_OTHER,		/* inline code or NOPs */
};

/* The form of the code at s; *target is the function a call reaches. */
enum site_form site_decode(const struct pv_site *s, unsigned long *target);

/* True if bytes [from, len) of site s are NOPs as the patcher writes them. */
bool site_tail_is_nops(const struct pv_site *s, unsigned int from);

#define for_each_site(s)						\
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++)

#endif
