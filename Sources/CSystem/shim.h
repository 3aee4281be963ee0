// C library headers and functions Swift's Glibc module leaves out.
// zlib (Debian: zlib1g-dev), for gzip-encoded scrapes.
#include <zlib.h>
// mallopt, to keep large arrays mapped and unmapped whole.
#include <malloc.h>
#include <sys/socket.h>

// accept4 is a GNU extension the Glibc module does not declare: a connection that arrives
// already non-blocking and close-on-exec, in one call.
#ifndef __USE_GNU
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
#endif
static inline int csystem_accept4(int fd, int flags) { return accept4(fd, 0, 0, flags); }
