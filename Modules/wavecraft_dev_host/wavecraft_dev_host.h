/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_dev_host
  description:        A live session for a Wavecraft dev-ABI plugin: loads it, runs it on the app's audio device, reloads it when it is rebuilt, and serves it to the browser UI; any juce::AudioProcessor served to the browser UI (AudioProcessorBackend); and a headless validation of a plugin library (PluginValidator).
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft dev host
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_engine, wavecraft_server, wavecraft_isolation, wavecraft_plugin_format

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// POSIX only (Linux, BSD, macOS): the file watch uses stat, and builds run through /bin/sh.

#pragma once
#define WAVECRAFT_DEV_HOST_H_INCLUDED

#include <wavecraft_engine/wavecraft_engine.h>
#include <wavecraft_server/wavecraft_server.h>
#include <wavecraft_isolation/wavecraft_isolation.h>
#include <wavecraft_plugin_format/wavecraft_plugin_format.h>

#include <deque>

#include "formats/wavecraft_PluginLocation.h"
#include "formats/wavecraft_FormatPluginLoader.h"
#include "formats/wavecraft_PluginMessageThread.h"
#include "formats/wavecraft_FormatParameterSpecs.h"
#include "formats/wavecraft_FormatPluginLibrary.h"
#include "serving/wavecraft_ProcessorBackend.h"
#include "validation/wavecraft_ValidationCheck.h"
#include "validation/wavecraft_TestSignal.h"
#include "validation/wavecraft_PluginUnderTest.h"
#include "validation/wavecraft_ValidationContext.h"
#include "validation/wavecraft_AudioChecks.h"
#include "validation/wavecraft_ResourceChecks.h"
#include "validation/wavecraft_PluginValidator.h"
#include "validation/wavecraft_ValidationReport.h"
#include "validation/wavecraft_BuildSnapshot.h"
#include "validation/wavecraft_BuildChecker.h"
#include "measuring/wavecraft_ResponseMeasurer.h"
#include "session/wavecraft_PreviousBuild.h"
#include "session/wavecraft_LevelMatcher.h"
#include "session/wavecraft_HostSession.h"
#include "process/wavecraft_ProcessGroup.h"
#include "session/wavecraft_BuildWatcher.h"
#include "serving/wavecraft_AudioProcessorBackend.h"
