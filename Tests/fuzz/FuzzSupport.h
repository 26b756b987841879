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

#include <wavecraft_core/core/wavecraft_Diagnostic.h>
#include <wavecraft_core/core/wavecraft_DiagnosticHints.h>
#include <wavecraft_plugin_loader/parameters/wavecraft_ParameterSpec.h>
#include <wavecraft_plugin_loader/parameters/wavecraft_ParameterSpecParser.h>
#include <wavecraft_plugin_loader/parameters/wavecraft_ParameterStore.h>
#include <wavecraft_core/core/wavecraft_AudioStatus.h>
#include <wavecraft_core/core/wavecraft_MonotonicClock.h>
#include <wavecraft_core/core/wavecraft_MeterFrame.h>
#include <wavecraft_core/core/wavecraft_ScopeFrame.h>
#include <wavecraft_core/core/wavecraft_PluginReport.h>
#include <wavecraft_core/core/wavecraft_ResponseCurve.h>
#include <wavecraft_core/core/wavecraft_LoadedBuild.h>
#include <wavecraft_server/transport/wavecraft_WebSocketProtocol.h>
#include <wavecraft_server/transport/wavecraft_Sha1.h>
#include <wavecraft_server/transport/wavecraft_WebSocketHandshake.h>
#include <wavecraft_server/transport/wavecraft_WebSocketReply.h>
#include <wavecraft_server/transport/wavecraft_Utf8Validator.h>
#include <wavecraft_server/transport/wavecraft_WebSocketFrameParser.h>
#include <wavecraft_server/protocol/wavecraft_RpcBackend.h>
#include <wavecraft_server/protocol/wavecraft_JsonRpcDispatcher.h>
