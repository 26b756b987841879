/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_plugin_bridge
  description:        Two bridges to JUCE: a Wavecraft dev-ABI library as a juce::AudioProcessor, reloaded in place when it is rebuilt (the DSP the host runs, in any DAW through JUCE's plugin wrappers), and any juce::AudioProcessor served to the Wavecraft browser UI.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft plugin bridge
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_dev_host, wavecraft_plugin_format

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// POSIX only, as wavecraft_dev_host. cmake/WavecraftDevPlugin.cmake makes a
// plugin target for a library (wavecraft_add_dev_plugin).

#pragma once
#define WAVECRAFT_PLUGIN_BRIDGE_H_INCLUDED

#include <wavecraft_dev_host/wavecraft_dev_host.h>
#include <wavecraft_plugin_format/wavecraft_plugin_format.h>

#include "processor/wavecraft_DevLibraryProcessor.h"
#include "serving/wavecraft_AudioProcessorBackend.h"
