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

/** Which of the OS's mechanisms the modules use where it matters (the
    per-block wake between a host and its worker, starting the worker and
    its dying with the host, its real-time priority, watching a file,
    waiting on sockets): Linux's own (futex, PR_SET_PDEATHSIG, inotify,
    epoll, ...) or the POSIX ones macOS and the BSDs have too (pipes, stat
    polling, poll, ...). Elsewhere than on Linux it is always the POSIX
    ones; on Linux, defining WAVECRAFT_POSIX_BACKENDS=1 (CMake's option of
    the same name) picks them too, so the code another OS runs is tested.
    Only the modules' .cpp files look at it: their headers, and so their
    classes, are the same either way.
*/
#ifndef WAVECRAFT_POSIX_BACKENDS
#if JUCE_LINUX
#define WAVECRAFT_POSIX_BACKENDS 0
#else
#define WAVECRAFT_POSIX_BACKENDS 1
#endif
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "core/wavecraft_MonotonicClock.h"
#include "core/wavecraft_Counting.h"
#include "core/wavecraft_FileProblems.h"
#include "core/wavecraft_ThreadContract.h"
#include "core/wavecraft_Diagnostic.h"
#include "core/wavecraft_DiagnosticHints.h"
#include "core/wavecraft_AudioStatus.h"
#include "core/wavecraft_MeterFrame.h"
#include "core/wavecraft_ScopeFrame.h"
#include "core/wavecraft_PluginReport.h"
#include "core/wavecraft_ResponseCurve.h"
#include "core/wavecraft_LoadedBuild.h"
#include "core/wavecraft_SupervisedProcessing.h"
#include "concurrency/wavecraft_FifoWritePosition.h"
#include "concurrency/wavecraft_LockFreeQueue.h"
#include "concurrency/wavecraft_AudioFifo.h"
#include "concurrency/wavecraft_MeterTap.h"
