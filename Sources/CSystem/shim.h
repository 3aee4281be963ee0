// C library headers and functions Swift's Glibc module leaves out.
// zlib (Debian: zlib1g-dev), for gzip-encoded scrapes.
#include <zlib.h>
// mallopt, to keep large arrays mapped and unmapped whole.
#include <malloc.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

// accept4 is a GNU extension the Glibc module does not declare: a connection that arrives
// already non-blocking and close-on-exec, in one call.
#ifndef __USE_GNU
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
#endif
// pipe2 likewise: both ends close-on-exec and non-blocking from the start.
#ifndef __USE_GNU
extern int pipe2(int fds[2], int flags);
#endif
static inline int csystem_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
static inline int csystem_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

// The kind of file system a path is on (statfs's f_type, a magic number), -1 when unknown:
// whether file events there see every change.
#include <sys/vfs.h>
static inline long csystem_file_system_type(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long)info.f_type;
}

// A folder's entries straight from the kernel into the caller's buffer: one call for a
// folder's names, where opendir/readdir add an fstat and an fcntl per folder.
#include <sys/syscall.h>
static inline long csystem_getdents64(int fd, void *buffer, unsigned long length) {
    return syscall(SYS_getdents64, fd, buffer, length);
}
