/*******************************************************************************
 The block below describes the properties of this module, and is read by
 the Projucer and by juce_add_module to use it in a project.

 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_dev_host
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft dev host
  description:        Loads Wavecraft dev-ABI plugin libraries, runs them offline or on live audio, and serves their parameters and meters to a browser UI.
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       juce_core, juce_events, juce_audio_basics, juce_audio_devices, juce_audio_formats
  linuxLibs:          dl

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

#pragma once
#define WAVECRAFT_DEV_HOST_H_INCLUDED

#include <juce_core/juce_core.h>
#include <juce_events/juce_events.h>
#include <juce_audio_basics/juce_audio_basics.h>
#include <juce_audio_devices/juce_audio_devices.h>
#include <juce_audio_formats/juce_audio_formats.h>

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <cmath>
#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>
#include <deque>
#include <functional>
#include <chrono>
#include <mutex>
#include <thread>
#include <type_traits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

//==============================================================================
/** Config: WAVECRAFT_MAX_PARAMETERS
    The most parameters one plugin may declare. The parameter store and the
    per-block value buffer are sized from the plugin's list, this only bounds
    what a (possibly broken) plugin can make the host allocate.
*/
#ifndef WAVECRAFT_MAX_PARAMETERS
#define WAVECRAFT_MAX_PARAMETERS 4096
#endif

#include "ffi/wavecraft_dev_abi.h"
#include "session/wavecraft_Diagnostic.h"
#include "params/wavecraft_ParameterSpec.h"
#include "params/wavecraft_ParameterSpecParser.h"
#include "params/wavecraft_ParameterStore.h"
#include "ffi/wavecraft_PluginLoadError.h"
#include "ffi/wavecraft_PluginLibrary.h"
#include "ffi/wavecraft_PluginProcessor.h"
#include "session/wavecraft_OfflineRenderer.h"
#include "session/wavecraft_LoadedPlugin.h"
#include "session/wavecraft_AudioStatus.h"
#include "concurrency/wavecraft_FifoWritePosition.h"
#include "concurrency/wavecraft_LockFreeQueue.h"
#include "concurrency/wavecraft_AudioFifo.h"
#include "audio/wavecraft_MonotonicClock.h"
#include "audio/wavecraft_MeterFrame.h"
#include "audio/wavecraft_MeterTap.h"
#include "audio/wavecraft_SampleKernels.h"
#include "audio/wavecraft_BlockLevels.h"
#include "audio/wavecraft_InputSource.h"
#include "audio/wavecraft_FileInputSource.h"
#include "audio/wavecraft_PluginAudioCallback.h"
#include "audio/wavecraft_VirtualAudioIODevice.h"
#include "audio/wavecraft_ScopeFrame.h"
#include "session/wavecraft_OutputAnalyser.h"
#include "session/wavecraft_AudioEngine.h"
#include "session/wavecraft_HostSession.h"
#include "session/wavecraft_BuildWatcher.h"
#include "server/wavecraft_Sha1.h"
#include "server/wavecraft_Utf8Validator.h"
#include "server/wavecraft_WebSocketFrameParser.h"
#include "server/wavecraft_WebSocketFrameEncoder.h"
#include "server/wavecraft_WebSocketHandshake.h"
#include "server/wavecraft_RpcBackend.h"
#include "server/wavecraft_JsonRpcDispatcher.h"
#include "server/wavecraft_FileDescriptorLimit.h"
#include "server/wavecraft_WebSocketServer.h"
#include "server/wavecraft_WebSocketConnection.h"
#include "session/wavecraft_SessionServer.h"
