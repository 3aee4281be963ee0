// zlib from the system (Debian: zlib1g-dev), for gzip-encoded scrapes.
#include <zlib.h>
