/*
 * util/i18n.c — see util/i18n.h.
 *
 * The domain is bound once, to the install's locale directory or to
 * $LIBWUHONG_LOCALEDIR (how the tests and an uninstalled build find the
 * catalogs they built), and always to UTF-8: unit names are UTF-8 whatever
 * the caller's codeset, and a message must not mix two encodings.
 */
#include "util/i18n.h"

#ifdef WH_ENABLE_NLS
#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>

#define WH_DOMAIN "libwuhong"

static pthread_once_t bound = PTHREAD_ONCE_INIT;

static void bind_domain(void)
{
	const char *dir = getenv("LIBWUHONG_LOCALEDIR");
	bindtextdomain(WH_DOMAIN, dir && *dir ? dir : WH_LOCALEDIR);
	bind_textdomain_codeset(WH_DOMAIN, "UTF-8");
}

const char *wh_tr(const char *msgid)
{
	pthread_once(&bound, bind_domain);
	return dgettext(WH_DOMAIN, msgid);
}
#else
const char *wh_tr(const char *msgid)
{
	return msgid;
}
#endif
