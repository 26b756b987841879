#ifdef WAVECRAFT_ENGINE_H_INCLUDED
/* When you add this cpp file to your project, you mustn't include it in a file
    where you've already included any other headers - just put it inside a file
    on its own, possibly with your config flags preceding it, but don't include
    anything else. That also includes avoiding any automatic prefix header files
    that the compiler may be using.
 */
#error "Incorrect use of the wavecraft_engine cpp file"
#endif

#include "wavecraft_engine.h"

#if JUCE_USE_SSE_INTRINSICS
#include <immintrin.h>
#elif JUCE_USE_ARM_NEON
#include <arm_neon.h>
#endif

#include "callback/wavecraft_SampleKernels.cpp"
#include "analysis/wavecraft_ScopeFrameBuilder.cpp"
#include "sources/wavecraft_InputSource.cpp"
#include "sources/wavecraft_FileInputSource.cpp"
#include "callback/wavecraft_PluginAudioCallback.cpp"
#include "analysis/wavecraft_OutputAnalyser.cpp"
#include "devices/wavecraft_VirtualAudioIODevice.cpp"
#include "devices/wavecraft_AudioEngine.cpp"
#include "render/wavecraft_OfflineRenderer.cpp"
