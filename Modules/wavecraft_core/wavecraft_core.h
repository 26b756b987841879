/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_core
  description:        The types every Wavecraft layer shares: diagnostics, the audio status, the monotonic clock, meter and scope frames, and the lock-free queues and taps that carry them off the audio thread.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft core
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       juce_core, juce_audio_basics

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// "The Wavecraft protocol", as the headers say: the JSON-RPC 2.0 methods,
// notifications and string spellings (phases, diagnostic codes, parameter
// types) that the browser UI package @wavecraft/core speaks;
// wavecraft_server's BrowserUiServer serves it.

#pragma once
#define WAVECRAFT_CORE_H_INCLUDED

#include <juce_core/juce_core.h>
#include <juce_audio_basics/juce_audio_basics.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "core/wavecraft_MonotonicClock.h"
#include "core/wavecraft_Diagnostic.h"
#include "core/wavecraft_DiagnosticHints.h"
#include "core/wavecraft_AudioStatus.h"
#include "core/wavecraft_MeterFrame.h"
#include "core/wavecraft_ScopeFrame.h"
#include "core/wavecraft_SupervisedProcessing.h"
#include "concurrency/wavecraft_FifoWritePosition.h"
#include "concurrency/wavecraft_LockFreeQueue.h"
#include "concurrency/wavecraft_AudioFifo.h"
#include "concurrency/wavecraft_MeterTap.h"
