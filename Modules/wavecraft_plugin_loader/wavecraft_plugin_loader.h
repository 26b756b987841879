/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_plugin_loader
  description:        Loads a Wavecraft dev-ABI plugin library (C ABI v1/v2), reads and checks its parameter specs, and runs its processor; the parameter store shares values between threads without locks.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft plugin loader
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_core
  linuxLibs:          dl

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

// Its .cpp needs nlohmann/json 3 on the include path (Debian: nlohmann-json3-dev); no header shows it.

#pragma once
#define WAVECRAFT_PLUGIN_LOADER_H_INCLUDED

#include <wavecraft_core/wavecraft_core.h>

#include <atomic>
#include <functional>
#include <set>
#include <string>
#include <string_view>

//==============================================================================
/** Config: WAVECRAFT_MAX_PARAMETERS
    The most parameters one plugin may declare. The parameter store and the
    per-block value buffer are sized from the plugin's list, this only bounds
    what a (possibly broken) plugin can make the host allocate.
*/
#ifndef WAVECRAFT_MAX_PARAMETERS
#define WAVECRAFT_MAX_PARAMETERS 4096
#endif

#include "loading/wavecraft_dev_abi.h"
#include "loading/wavecraft_PluginCall.h"
#include "parameters/wavecraft_ParameterSpec.h"
#include "parameters/wavecraft_ParameterSpecParser.h"
#include "parameters/wavecraft_ParameterStore.h"
#include "loading/wavecraft_PluginLoadError.h"
#include "loading/wavecraft_PluginInfo.h"
#include "loading/wavecraft_PluginInstance.h"
#include "loading/wavecraft_PluginLibrary.h"
#include "loading/wavecraft_InProcessPluginInstance.h"
