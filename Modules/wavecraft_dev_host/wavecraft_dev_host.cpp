#ifdef WAVECRAFT_DEV_HOST_H_INCLUDED
#error "Compile wavecraft_dev_host.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_dev_host.h"

#include "session/wavecraft_HostSession.cpp"
#include "session/wavecraft_BuildWatcher.cpp"
#include "serving/wavecraft_AudioProcessorBackend.cpp"
