#ifdef WAVECRAFT_ENGINE_H_INCLUDED
#error "Compile wavecraft_engine.cpp on its own, with nothing included before it: JUCE's module format"
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
#include "callback/wavecraft_GainRamp.cpp"
#include "callback/wavecraft_OutputTap.cpp"
#include "player/wavecraft_PluginPlayer.cpp"
#include "callback/wavecraft_PluginAudioCallback.cpp"
#include "player/wavecraft_LateAnswerWatch.cpp"
#include "player/wavecraft_PluginHealth.cpp"
#include "analysis/wavecraft_SampleHistory.cpp"
#include "analysis/wavecraft_SpectrumAnalyser.cpp"
#include "analysis/wavecraft_OutputAnalyser.cpp"
#include "devices/wavecraft_VirtualAudioIODevice.cpp"
#include "devices/wavecraft_AudioEngine.cpp"
#include "render/wavecraft_OfflineRenderer.cpp"
#include "render/wavecraft_RenderComparison.cpp"
#include "response/wavecraft_LogSweep.cpp"
#include "response/wavecraft_FrequencyResponse.cpp"
#include "response/wavecraft_HarmonicDistortion.cpp"
#include "response/wavecraft_ResponseMeasurement.cpp"
