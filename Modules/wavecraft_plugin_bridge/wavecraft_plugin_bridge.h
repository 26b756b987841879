/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_plugin_bridge
  description:        A Wavecraft dev-ABI library as a juce::AudioProcessor, reloaded in place when it is rebuilt: the DSP the host runs, in any DAW through JUCE's plugin wrappers.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft plugin bridge
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_engine, wavecraft_plugin_format

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// cmake/WavecraftDevPlugin.cmake makes a plugin target for a library
// (wavecraft_add_dev_plugin). It needs no WebSocket server and no worker
// process, so a DAW plugin compiles in neither (wavecraft_server,
// wavecraft_isolation).

#pragma once
#define WAVECRAFT_PLUGIN_BRIDGE_H_INCLUDED

#include <wavecraft_engine/wavecraft_engine.h>
#include <wavecraft_plugin_format/wavecraft_plugin_format.h>

#include "processor/wavecraft_DevLibraryProcessor.h"
