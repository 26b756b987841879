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

#include <wavecraft_core/core/wavecraft_Diagnostic.cpp>
#include <wavecraft_plugin_loader/parameters/wavecraft_ParameterSpec.cpp>
#include <wavecraft_plugin_loader/parameters/wavecraft_ParameterSpecParser.cpp>
#include <wavecraft_plugin_loader/parameters/wavecraft_ParameterStore.cpp>
#include <wavecraft_core/core/wavecraft_AudioStatus.cpp>
#include <wavecraft_core/core/wavecraft_MonotonicClock.cpp>
#include <wavecraft_core/core/wavecraft_MeterFrame.cpp>
#include <wavecraft_server/transport/wavecraft_Sha1.cpp>
#include <wavecraft_server/transport/wavecraft_WebSocketHandshake.cpp>
#include <wavecraft_server/transport/wavecraft_Utf8Validator.cpp>
#include <wavecraft_server/transport/wavecraft_WebSocketFrameParser.cpp>
#include <wavecraft_server/protocol/wavecraft_JsonRpcDispatcher.cpp>
