// C library headers Swift's Glibc module leaves out.
// zlib (Debian: zlib1g-dev), for gzip-encoded scrapes.
#include <zlib.h>
// mallopt, to keep large arrays mapped and unmapped whole.
#include <malloc.h>
