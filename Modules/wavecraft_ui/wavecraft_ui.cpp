#ifdef WAVECRAFT_UI_H_INCLUDED
#error "Compile wavecraft_ui.cpp on its own, with nothing included before it: JUCE's module format"
#endif

#include "wavecraft_ui.h"

#include "parameters/wavecraft_ParameterControl.cpp"
#include "parameters/wavecraft_ParameterPanel.cpp"
#include "meters/wavecraft_LevelMeter.cpp"
#include "meters/wavecraft_MeterPanel.cpp"
#include "meters/wavecraft_ScopeView.cpp"
#include "analysis/wavecraft_FrequencyGrid.cpp"
#include "analysis/wavecraft_SpectrumView.cpp"
#include "analysis/wavecraft_ResponseView.cpp"
#include "analysis/wavecraft_AnalysisPage.cpp"
#include "status/wavecraft_DiagnosticBanner.cpp"
#include "status/wavecraft_StatusPanel.cpp"
#include "report/wavecraft_RealtimeReportPanel.cpp"
#include "settings/wavecraft_AudioSettingsPanel.cpp"
#include "web/wavecraft_WebUiPage.cpp"
#include "window/wavecraft_PluginPage.cpp"
#include "window/wavecraft_PreviewComponent.cpp"
#include "window/wavecraft_PreviewWindow.cpp"
#include "window/wavecraft_PreviewSettings.cpp"
