#include "CCurl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// The loaded library's entry points: written once under pthread_once, read-only afterwards.
static struct {
    void *library;
    const char *error;
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char *(*version)(void);
    CURLcode (*global_init)(long);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) h = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!h) { api.error = dlerror(); return; }
#define BIND(field, symbol) \
    *(void **)(&api.field) = dlsym(h, symbol); \
    if (!api.field) { api.error = "libcurl lacks " symbol; return; }
    BIND(easy_init, "curl_easy_init")
    BIND(easy_cleanup, "curl_easy_cleanup")
    BIND(easy_perform, "curl_easy_perform")
    BIND(easy_strerror, "curl_easy_strerror")
    BIND(easy_setopt, "curl_easy_setopt")
    BIND(easy_getinfo, "curl_easy_getinfo")
    BIND(slist_append, "curl_slist_append")
    BIND(slist_free_all, "curl_slist_free_all")
    BIND(version, "curl_version")
    BIND(global_init, "curl_global_init")
#undef BIND
    api.library = h;
}

int ccurl_load(void) {
    pthread_once(&once, load);
    return api.library != NULL;
}

const char *ccurl_load_error(void) { return api.error; }

CURL *ccurl_easy_init(void) { return ccurl_load() ? api.easy_init() : NULL; }
void ccurl_easy_cleanup(CURL *h) { if (ccurl_load()) api.easy_cleanup(h); }
CURLcode ccurl_easy_perform(CURL *h) { return ccurl_load() ? api.easy_perform(h) : CURLE_FAILED_INIT; }
const char *ccurl_easy_strerror(CURLcode c) { return ccurl_load() ? api.easy_strerror(c) : "libcurl is not loaded"; }
struct curl_slist *ccurl_slist_append(struct curl_slist *l, const char *s) { return ccurl_load() ? api.slist_append(l, s) : NULL; }
void ccurl_slist_free_all(struct curl_slist *l) { if (ccurl_load()) api.slist_free_all(l); }
const char *ccurl_version(void) { return ccurl_load() ? api.version() : NULL; }
CURLcode ccurl_global_init_default(void) { return ccurl_load() ? api.global_init(CURL_GLOBAL_DEFAULT) : CURLE_FAILED_INIT; }

#define SETOPT(name, type) \
    CURLcode name(CURL *h, CURLoption o, type v) { return ccurl_load() ? api.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
SETOPT(ccurl_setopt_long, long)
SETOPT(ccurl_setopt_string, const char *)
SETOPT(ccurl_setopt_pointer, void *)
SETOPT(ccurl_setopt_slist, struct curl_slist *)
SETOPT(ccurl_setopt_offset, curl_off_t)
#undef SETOPT

CURLcode ccurl_setopt_write_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *)) {
    return ccurl_load() ? api.easy_setopt(h, CURLOPT_WRITEFUNCTION, cb) : CURLE_FAILED_INIT;
}
CURLcode ccurl_setopt_header_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *)) {
    return ccurl_load() ? api.easy_setopt(h, CURLOPT_HEADERFUNCTION, cb) : CURLE_FAILED_INIT;
}
CURLcode ccurl_setopt_xferinfo_callback(CURL *h, int (*cb)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return ccurl_load() ? api.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb) : CURLE_FAILED_INIT;
}
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return ccurl_load() ? api.easy_getinfo(h, i, v) : CURLE_FAILED_INIT; }
