#ifndef CCURL_H
#define CCURL_H
// Types and constants only: libcurl itself is loaded on first use (ccurl_load), so a command that never talks to a
// model does not pay for loading libcurl and its ~25 dependent libraries at start-up, and a machine without libcurl
// still runs everything but the copilot.
#include <curl/curl.h>

// 1 when libcurl is loaded and every function below is available; loads it on the first call (thread-safe).
int ccurl_load(void);
// Why loading failed (dlerror text), or NULL.
const char *ccurl_load_error(void);

// The libcurl calls the copilot makes, through the loaded library. Call ccurl_load first.
CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *h);
CURLcode ccurl_easy_perform(CURL *h);
const char *ccurl_easy_strerror(CURLcode c);
struct curl_slist *ccurl_slist_append(struct curl_slist *l, const char *s);
void ccurl_slist_free_all(struct curl_slist *l);
const char *ccurl_version(void);
// CURL_GLOBAL_DEFAULT is a compound macro Swift does not import.
CURLcode ccurl_global_init_default(void);

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper per argument kind.
CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v);
CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v);
CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode ccurl_setopt_offset(CURL *h, CURLoption o, curl_off_t v);
CURLcode ccurl_setopt_write_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *));
CURLcode ccurl_setopt_header_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *));
CURLcode ccurl_setopt_xferinfo_callback(CURL *h, int (*cb)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v);

#endif
