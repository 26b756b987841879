/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_engine
  description:        Plays any juce::AudioProcessor live: the player (swaps, cross-fade, bypass, NaN) and its health, the real-time device callback, the output tap, device handling through the app's juce::AudioDeviceManager, a Virtual device, input sources, output analysis (meters, scope), recording, offline rendering, and a plugin's measured frequency response.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft engine
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_plugin_loader, juce_events, juce_audio_devices, juce_audio_formats, juce_audio_processors, juce_dsp
  linuxLibs:          dl

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

#pragma once
#define WAVECRAFT_ENGINE_H_INCLUDED

#include <wavecraft_plugin_loader/wavecraft_plugin_loader.h>
#include <juce_events/juce_events.h>
#include <juce_audio_devices/juce_audio_devices.h>
#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_dsp/juce_dsp.h>

#include <cmath>
#include <mutex>
#include <thread>

#include "callback/wavecraft_SampleKernels.h"
#include "analysis/wavecraft_BlockLevels.h"
#include "analysis/wavecraft_ScopeFrameBuilder.h"
#include "sources/wavecraft_InputSource.h"
#include "sources/wavecraft_FileInputSource.h"
#include "callback/wavecraft_GainRamp.h"
#include "callback/wavecraft_OutputTap.h"
#include "player/wavecraft_PluginPlayer.h"
#include "callback/wavecraft_PluginAudioCallback.h"
#include "player/wavecraft_LateAnswerWatch.h"
#include "player/wavecraft_PluginHealth.h"
#include "analysis/wavecraft_SampleHistory.h"
#include "analysis/wavecraft_SpectrumAnalyser.h"
#include "analysis/wavecraft_OutputAnalyser.h"
#include "devices/wavecraft_VirtualAudioIODevice.h"
#include "devices/wavecraft_AudioEngine.h"
#include "render/wavecraft_OfflineRenderer.h"
#include "render/wavecraft_RenderComparison.h"
#include "response/wavecraft_LogSweep.h"
#include "response/wavecraft_FrequencyResponse.h"
#include "response/wavecraft_HarmonicDistortion.h"
#include "response/wavecraft_ResponseMeasurement.h"
