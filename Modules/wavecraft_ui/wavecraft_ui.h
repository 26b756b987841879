/*******************************************************************************
 BEGIN_JUCE_MODULE_DECLARATION

  ID:                 wavecraft_ui
  description:        The preview window's components: parameter controls, meters, oscilloscope, status and audio settings for a live Wavecraft session, to use in any JUCE window.
  vendor:             wavecraft
  version:            0.1.0
  name:               Wavecraft UI
  website:            https://github.com/wavecraft
  license:            MIT
  minimumCppStandard: 17

  dependencies:       wavecraft_dev_host, juce_gui_extra, juce_audio_utils

 END_JUCE_MODULE_DECLARATION

*******************************************************************************/

#pragma once
#define WAVECRAFT_UI_H_INCLUDED

#include <wavecraft_dev_host/wavecraft_dev_host.h>
#include <juce_gui_extra/juce_gui_extra.h>
#include <juce_audio_utils/juce_audio_utils.h>

// The lower components need only a BrowserUiBackend (parameters, meters,
// scope), so an app that serves its own source can show them too; the status,
// settings and the window read a HostSession.
#include "parameters/wavecraft_ParameterControl.h"
#include "parameters/wavecraft_ParameterPanel.h"
#include "meters/wavecraft_LevelMeter.h"
#include "meters/wavecraft_MeterPanel.h"
#include "meters/wavecraft_ScopeView.h"
#include "analysis/wavecraft_FrequencyGrid.h"
#include "analysis/wavecraft_SpectrumView.h"
#include "analysis/wavecraft_ResponseView.h"
#include "analysis/wavecraft_AnalysisPage.h"
#include "status/wavecraft_DiagnosticBanner.h"
#include "status/wavecraft_StatusPanel.h"
#include "report/wavecraft_RealtimeReportPanel.h"
#include "settings/wavecraft_AudioSettingsPanel.h"
#include "web/wavecraft_WebUiPage.h"
#include "window/wavecraft_PluginPage.h"
#include "window/wavecraft_PreviewComponent.h"
#include "window/wavecraft_PreviewWindow.h"
#include "window/wavecraft_PreviewSettings.h"
