#ifdef WAVECRAFT_CORE_H_INCLUDED
/* When you add this cpp file to your project, you mustn't include it in a file
    where you've already included any other headers - just put it inside a file
    on its own, possibly with your config flags preceding it, but don't include
    anything else. That also includes avoiding any automatic prefix header files
    that the compiler may be using.
 */
#error "Incorrect use of the wavecraft_core cpp file"
#endif

#include "wavecraft_core.h"

#include "core/wavecraft_MonotonicClock.cpp"
#include "core/wavecraft_Diagnostic.cpp"
#include "core/wavecraft_AudioStatus.cpp"
#include "core/wavecraft_MeterFrame.cpp"
#include "concurrency/wavecraft_AudioFifo.cpp"
#include "concurrency/wavecraft_MeterTap.cpp"
