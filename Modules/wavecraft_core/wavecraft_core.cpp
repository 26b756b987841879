#ifdef WAVECRAFT_CORE_H_INCLUDED
#error "Compile wavecraft_core.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_core.h"

#include "core/wavecraft_MonotonicClock.cpp"
#include "core/wavecraft_ThreadContract.cpp"
#include "core/wavecraft_Diagnostic.cpp"
#include "core/wavecraft_AudioStatus.cpp"
#include "core/wavecraft_MeterFrame.cpp"
#include "concurrency/wavecraft_AudioFifo.cpp"
#include "concurrency/wavecraft_MeterTap.cpp"
