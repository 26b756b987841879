#ifdef WAVECRAFT_DEV_HOST_H_INCLUDED
/* When you add this cpp file to your project, you mustn't include it in a file
    where you've already included any other headers - just put it inside a file
    on its own, possibly with your config flags preceding it, but don't include
    anything else. That also includes avoiding any automatic prefix header files
    that the compiler may be using.
 */
#error "Incorrect use of the wavecraft_dev_host cpp file"
#endif

#include "wavecraft_dev_host.h"

#include "session/wavecraft_HostSession.cpp"
#include "session/wavecraft_BuildWatcher.cpp"
