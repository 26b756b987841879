/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_engine
  description:        Runs a loaded Wavecraft plugin: the real-time device callback, device handling through the app's juce::AudioDeviceManager, a Virtual device, input sources, output analysis (meters, scope), recording and offline rendering.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft engine
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_plugin_loader, juce_events, juce_audio_devices, juce_audio_formats
  linuxLibs:          dl

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

#pragma once
#define WAVECRAFT_ENGINE_H_INCLUDED

#include <wavecraft_plugin_loader/wavecraft_plugin_loader.h>
#include <juce_events/juce_events.h>
#include <juce_audio_devices/juce_audio_devices.h>
#include <juce_audio_formats/juce_audio_formats.h>

#include <cmath>
#include <mutex>
#include <thread>

#include "callback/wavecraft_SampleKernels.h"
#include "analysis/wavecraft_BlockLevels.h"
#include "analysis/wavecraft_ScopeFrameBuilder.h"
#include "sources/wavecraft_InputSource.h"
#include "sources/wavecraft_FileInputSource.h"
#include "callback/wavecraft_PluginAudioCallback.h"
#include "analysis/wavecraft_OutputAnalyser.h"
#include "devices/wavecraft_VirtualAudioIODevice.h"
#include "devices/wavecraft_LateAnswerWatch.h"
#include "devices/wavecraft_AudioEngine.h"
#include "render/wavecraft_OfflineRenderer.h"
