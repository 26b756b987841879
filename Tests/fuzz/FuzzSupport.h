// The module's declarations the fuzzers need, without the rest of JUCE.
#pragma once

#include <juce_core/juce_core.h>
#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#ifndef WAVECRAFT_MAX_PARAMETERS
#define WAVECRAFT_MAX_PARAMETERS 4096
#endif

#include <wavecraft_dev_host/session/wavecraft_Diagnostic.h>
#include <wavecraft_dev_host/params/wavecraft_ParameterSpec.h>
#include <wavecraft_dev_host/params/wavecraft_ParameterSpecParser.h>
#include <wavecraft_dev_host/params/wavecraft_ParameterStore.h>
#include <wavecraft_dev_host/session/wavecraft_AudioStatus.h>
#include <wavecraft_dev_host/audio/wavecraft_MonotonicClock.h>
#include <wavecraft_dev_host/audio/wavecraft_MeterFrame.h>
#include <wavecraft_dev_host/audio/wavecraft_SampleKernels.h>
#include <wavecraft_dev_host/audio/wavecraft_BlockLevels.h>
#include <wavecraft_dev_host/audio/wavecraft_ScopeFrame.h>
#include <wavecraft_dev_host/server/wavecraft_Sha1.h>
#include <wavecraft_dev_host/server/wavecraft_WebSocketHandshake.h>
#include <wavecraft_dev_host/server/wavecraft_Utf8Validator.h>
#include <wavecraft_dev_host/server/wavecraft_WebSocketFrameParser.h>
#include <wavecraft_dev_host/server/wavecraft_RpcBackend.h>
#include <wavecraft_dev_host/server/wavecraft_JsonRpcDispatcher.h>
