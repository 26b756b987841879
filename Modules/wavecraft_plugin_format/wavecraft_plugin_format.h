/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_plugin_format
  description:        The Wavecraft dev ABI as a JUCE plugin format: DevPluginFormat finds and describes dev libraries for an AudioPluginFormatManager, and makes each a juce::AudioPluginInstance with JUCE parameters, running in this process or isolated in a worker process.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft dev plugin format
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_plugin_loader, juce_audio_processors

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// An app hosts dev libraries the way it hosts any plugin:
//
//     formatManager.addFormat (new wavecraft::DevPluginFormat());
//
// Isolated instances need the wavecraft_isolation module in the project,
// and the app's main() to let a worker run (see PluginWorker). Without the
// module, instances run in this process only and nothing of isolation is
// compiled in: what a DAW plugin made by wavecraft_add_dev_plugin wants.
//
// optional dependencies: wavecraft_isolation

#pragma once
#define WAVECRAFT_PLUGIN_FORMAT_H_INCLUDED

#include <wavecraft_plugin_loader/wavecraft_plugin_loader.h>
#include <juce_audio_processors/juce_audio_processors.h>

#if JUCE_MODULE_AVAILABLE_wavecraft_isolation
#include <wavecraft_isolation/wavecraft_isolation.h>
#endif

#include <map>

#include "watching/wavecraft_FileStamp.h"
#include "watching/wavecraft_FileChangeWatcher.h"
#include "parameters/wavecraft_DevParameterFactory.h"
#include "parameters/wavecraft_DevParameterState.h"
#include "instance/wavecraft_ProgramlessEffect.h"
#include "instance/wavecraft_DevPluginInstance.h"
#include "format/wavecraft_DevPluginFormat.h"
#include "parameters/wavecraft_ProcessorParameters.h"
