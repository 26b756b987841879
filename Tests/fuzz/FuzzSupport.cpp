// The module sources the fuzzers exercise, compiled over juce_core alone.
#include <juce_core/juce_core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <numeric>
#include <cmath>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>

#if JUCE_INTEL
#include <immintrin.h>
#define JUCE_USE_SSE_INTRINSICS 1
#endif

#include "FuzzSupport.h"

#include <wavecraft_dev_host/session/wavecraft_Diagnostic.cpp>
#include <wavecraft_dev_host/params/wavecraft_ParameterSpec.cpp>
#include <wavecraft_dev_host/params/wavecraft_ParameterSpecParser.cpp>
#include <wavecraft_dev_host/params/wavecraft_ParameterStore.cpp>
#include <wavecraft_dev_host/session/wavecraft_AudioStatus.cpp>
#include <wavecraft_dev_host/audio/wavecraft_MonotonicClock.cpp>
#include <wavecraft_dev_host/audio/wavecraft_MeterFrame.cpp>
#include <wavecraft_dev_host/audio/wavecraft_SampleKernels.cpp>
#include <wavecraft_dev_host/server/wavecraft_Sha1.cpp>
#include <wavecraft_dev_host/server/wavecraft_WebSocketHandshake.cpp>
#include <wavecraft_dev_host/server/wavecraft_Utf8Validator.cpp>
#include <wavecraft_dev_host/server/wavecraft_WebSocketFrameParser.cpp>
#include <wavecraft_dev_host/server/wavecraft_JsonRpcDispatcher.cpp>
