/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_isolation
  description:        Runs a Wavecraft dev-ABI plugin in a child process the host supervises, so a crash or a hang in the plugin's code can't take the host down; audio and parameters cross in shared memory, one wake-up per block.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft plugin isolation
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_plugin_loader
  linuxLibs:          dw

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// POSIX: shared memory (shm_open), posix_spawn and waitid; the per-block
// wake and the worker's end with its host are Linux's futex and
// PR_SET_PDEATHSIG there, pipes elsewhere (WorkerLink, WorkerProcess; see
// WAVECRAFT_POSIX_BACKENDS). The app's main() must let a worker run (see
// PluginWorker).

#pragma once
#define WAVECRAFT_ISOLATION_H_INCLUDED

#include <wavecraft_plugin_loader/wavecraft_plugin_loader.h>

#include <functional>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <sys/types.h>

#include "platform/wavecraft_WorkerLink.h"
#include "platform/wavecraft_WorkerProcess.h"
#include "monitor/wavecraft_RealtimeFindings.h"
#include "monitor/wavecraft_ImportRedirection.h"
#include "monitor/wavecraft_RealtimeMonitor.h"
#include "monitor/wavecraft_StackSymbolizer.h"
#include "monitor/wavecraft_RealtimeReport.h"
#include "monitor/wavecraft_RealtimeReportThread.h"
#include "channel/wavecraft_WorkerChannel.h"
#include "worker/wavecraft_WorkerPriority.h"
#include "worker/wavecraft_WorkerControlThread.h"
#include "worker/wavecraft_PluginWorker.h"
#include "supervisor/wavecraft_PluginFault.h"
#include "supervisor/wavecraft_SpareWorker.h"
#include "supervisor/wavecraft_IsolatedPluginInstance.h"
