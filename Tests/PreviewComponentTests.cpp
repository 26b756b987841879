/*
    The preview window's components on a live session (the Virtual device),
    in-process: the controls follow the specs and every side's changes, the
    banner shows a failed plugin, the meters read the tap. A real WebSocket
    client stands for a browser page.
*/
#include "ServedSession.h"

#include <wavecraft_ui/wavecraft_ui.h>

using namespace wavecraft;
using Json = nlohmann::json;

namespace
{
/** A served live session with the preview's components on it. */
struct LiveSessionWithPreview : public test::ServedSession
{
    explicit LiveSessionWithPreview (const juce::String& testPlugin, const juce::String& inputSource = "sine:1000")
        : ServedSession (testPlugin, inputSource),
          preview (std::make_unique<PreviewComponent> (session))
    {
    }

    ~LiveSessionWithPreview() override { preview.reset(); }

    ParameterPanel& panel() { return preview->getPluginPage().getParameterPanel(); }

    ParameterControl& control (const juce::String& id)
    {
        auto* found = panel().findControl (id);
        INFO ("no control for " << id);
        REQUIRE (found != nullptr);
        return *found;
    }

    std::unique_ptr<PreviewComponent> preview;
};

template <typename Editor>
Editor* editorOf (ParameterControl& control)
{
    return dynamic_cast<Editor*> (&control.getEditor());
}
/** Pumps the message thread until the newest meter frame's left peak is `level`. */
bool settlesAt (MeterTap::Reader& meters, float level)
{
    return test::pumpUntil ([&]
                            {
                                auto peak = -1.0f;
                                meters.readNew ([&] (const MeterFrame& frame) { peak = frame.peakLeft; });
                                return peak >= 0.0f && std::abs (peak - level) < 0.003f; },
                            5000);
}
} // namespace

TEST_CASE ("The controls follow the specs: type, range, unit, and groups in params-JSON order", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2");

    // tp_v2: gain (Main), mute, shape (Main), steps: Main first, where gain put it.
    CHECK (live.panel().getDisplayOrder() == juce::StringArray ({ "gain", "shape", "mute", "steps" }));
    CHECK (live.panel().getGroupNames() == juce::StringArray ({ "Main", "" }));

    auto* gain = editorOf<juce::Slider> (live.control ("gain"));
    REQUIRE (gain != nullptr);
    CHECK (gain->getMinimum() == 0.0);
    CHECK (gain->getMaximum() == 2.0);
    CHECK (gain->getValue() == 1.0);
    CHECK (gain->getTextFromValue (1.5) == "1.50 x");
    CHECK_FALSE (ParameterControl::usesLogarithmicScale (live.control ("gain").getSpec()));

    CHECK (editorOf<juce::ToggleButton> (live.control ("mute")) != nullptr);

    auto* shape = editorOf<juce::ComboBox> (live.control ("shape"));
    REQUIRE (shape != nullptr);
    CHECK (shape->getNumItems() == 3);
    CHECK (shape->getText() == "Soft"); // value 1 of Clean, Soft, Hard

    // An enum without names lists its integers min..max.
    auto* steps = editorOf<juce::ComboBox> (live.control ("steps"));
    REQUIRE (steps != nullptr);
    CHECK (steps->getNumItems() == 4);
    CHECK (steps->getItemText (0) == "1");
    CHECK (steps->getText() == "2");
}

TEST_CASE ("A frequency slider is logarithmic: 1 kHz sits near the middle of 20 Hz to 20 kHz", "[ui]")
{
    ParameterSpec cutoff;
    cutoff.id = "cutoff";
    cutoff.name = "Cutoff";
    cutoff.minValue = 20.0f;
    cutoff.maxValue = 20000.0f;
    cutoff.defaultValue = 1000.0f;
    cutoff.unit = "Hz";

    ParameterControl control (cutoff);
    auto* slider = editorOf<juce::Slider> (control);
    REQUIRE (slider != nullptr);
    CHECK (ParameterControl::usesLogarithmicScale (cutoff));
    CHECK (slider->valueToProportionOfLength (1000.0) == Approx (std::log (50.0) / std::log (1000.0)).margin (1e-6));
    CHECK (slider->getTextFromValue (1000.0) == "1000.0 Hz"); // as Wavecraft's own slider writes it
    CHECK (slider->getValueFromText ("250 Hz") == Approx (250.0));

    // Typed text out of range is refused: the value stays.
    CHECK (slider->getValueFromText ("50000") == Approx (1000.0));

    // A range spanning decades is logarithmic without a unit too; a plain 0..1 is not.
    cutoff.unit = {};
    CHECK (ParameterControl::usesLogarithmicScale (cutoff));
    cutoff.minValue = 0.0f;
    cutoff.maxValue = 1.0f;
    CHECK_FALSE (ParameterControl::usesLogarithmicScale (cutoff));
}

TEST_CASE ("Moving a control sets the parameter and a page hears it, and a page moves the control", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2");
    auto* gain = editorOf<juce::Slider> (live.control ("gain"));
    REQUIRE (gain != nullptr);

    SECTION ("the window to the page and the audio")
    {
        gain->setValue (0.5, juce::sendNotificationSync); // as a drag does
        CHECK (live.awaitNotification ("parameterChanged") == Json::parse (R"({"id":"gain","value":0.5})"));
        CHECK (live.session.getParameters()->getValue (live.session.getParameters()->indexOf ("gain")) == 0.5f);

        editorOf<juce::ComboBox> (live.control ("shape"))->setSelectedId (3, juce::sendNotificationSync); // "Hard"
        CHECK (live.awaitNotification ("parameterChanged") == Json::parse (R"({"id":"shape","value":2.0})"));
        live.control ("shape").resetToDefault(); // a double-click
        CHECK (live.awaitNotification ("parameterChanged") == Json::parse (R"({"id":"shape","value":1.0})"));
        editorOf<juce::ComboBox> (live.control ("steps"))->setSelectedId (4, juce::sendNotificationSync);
        CHECK (live.awaitNotification ("parameterChanged") == Json::parse (R"({"id":"steps","value":4.0})"));
    }

    SECTION ("the page to the window")
    {
        const auto answer = live.page.call (7, "setParameter", R"({"id":"gain","value":1.75})");
        CHECK (Json::parse (answer).at ("result") == Json::object());
        CHECK (test::pumpUntil ([&]
                                { return gain->getValue() == Approx (1.75); },
                                3000));

        live.page.call (8, "setParameter", R"({"id":"mute","value":1})");
        CHECK (test::pumpUntil ([&]
                                { return editorOf<juce::ToggleButton> (live.control ("mute"))->getToggleState(); },
                                3000));
    }

    SECTION ("the app's own code to the window")
    {
        REQUIRE (live.session.setParameter ("shape", 2.0f, nullptr));
        CHECK (test::pumpUntil ([&]
                                { return editorOf<juce::ComboBox> (live.control ("shape"))->getText() == "Hard"; },
                                3000));
    }
}

TEST_CASE ("The controls are attached to the plugin's own JUCE parameters, as an editor's: a click is a gesture, the parameter moves the control", "[ui][engine]")
{
    struct GestureRecorder : public juce::AudioProcessorParameter::Listener
    {
        void parameterValueChanged (int, float) override {}
        void parameterGestureChanged (int, bool starting) override { gestures.add (starting ? "begin" : "end"); }
        juce::StringArray gestures;
    };

    LiveSessionWithPreview live ("tp_v2");
    auto* instance = live.session.getPluginInstance();
    REQUIRE (instance != nullptr);

    for (const auto* id : { "gain", "mute", "shape", "steps" })
        CHECK (live.control (id).isAttached());

    SECTION ("the window to the parameter: a change is one gesture, which a DAW would record")
    {
        auto* mute = instance->getParameterForId ("mute");
        GestureRecorder recorder;
        mute->addListener (&recorder);
        editorOf<juce::ToggleButton> (live.control ("mute"))->triggerClick();
        CHECK (test::pumpUntil ([&]
                                { return recorder.gestures.size() == 2; },
                                3000));
        mute->removeListener (&recorder);
        CHECK (recorder.gestures == juce::StringArray ("begin", "end"));
        CHECK (mute->getValue() == 1.0f);
        CHECK (live.awaitNotification ("parameterChanged") == Json::parse (R"({"id":"mute","value":1.0})"));
    }

    SECTION ("the parameter to the window, from the plugin's side: at once, not at the next poll of the served values")
    {
        auto* gain = instance->getParameterForId ("gain");
        gain->setValueNotifyingHost (gain->convertTo0to1 (1.5f)); // on the message thread: the attachment moves the slider now
        CHECK (editorOf<juce::Slider> (live.control ("gain"))->getValue() == Approx (1.5));
        CHECK (editorOf<juce::Slider> (live.control ("gain"))->getTextFromValue (1.5) == ParameterControl::formatValue (live.control ("gain").getSpec(), 1.5f));
    }

    SECTION ("a reload attaches the controls to the new build's parameters, and lets go of the old ones first")
    {
        const auto next = live.temp.getFile ("next" WAVECRAFT_PLUGIN_SUFFIX);
        REQUIRE (test::getTestPlugin ("tp_params_non_ascii").copyFileTo (next));
        REQUIRE (next.moveFileTo (live.pluginFile));
        REQUIRE (test::pumpUntil ([&]
                                  { return live.panel().findControl ("gain") == nullptr && live.panel().findControl ("shape") != nullptr; },
                                  5000));
        REQUIRE (live.session.getPluginInstance() != instance);
        auto* shape = live.session.getPluginInstance()->getParameterForId ("shape");
        REQUIRE (shape != nullptr);
        CHECK (live.control ("shape").isAttached());
        shape->setValueNotifyingHost (1.0f);
        CHECK (test::pumpUntil ([&]
                                { return live.control ("shape").getValue() == Approx (shape->convertFrom0to1 (1.0f)); },
                                3000));
    }
}

TEST_CASE ("A reload with a different parameter list rebuilds the controls", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2");
    REQUIRE (live.panel().getNumControls() == 4);

    const auto next = live.temp.getFile ("next" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_params_non_ascii").copyFileTo (next));
    REQUIRE (next.moveFileTo (live.pluginFile)); // a build renames a new file over the old one

    CHECK (test::pumpUntil ([&]
                            { return live.panel().findControl ("shape") != nullptr && live.panel().findControl ("gain") == nullptr; },
                            5000));
    CHECK (live.panel().getNumControls() == 3);
    CHECK (live.panel().getGroupNames() == juce::StringArray (juce::String::fromUTF8 ("\xc3\x84mter"), juce::String()));
    CHECK (live.preview->getStatusPanel().getPluginLine().contains ("reloads 1"));
}

TEST_CASE ("A plugin that failed to load shows its diagnostic first, with a Reload button", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_params_not_json");
    auto& banner = live.preview->getDiagnosticBanner();

    CHECK (banner.isVisible());
    CHECK (banner.offersReload());
    CHECK (banner.getMessage().contains ("JSON"));
    CHECK (banner.getHint().isNotEmpty());
    CHECK (banner.getBounds().getY() == 0); // above everything else
    CHECK (live.panel().getNumControls() == 0);

    // The fixed build lands and Reload is clicked: the banner goes, the controls come.
    REQUIRE (live.pluginFile.deleteFile());
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (live.pluginFile));
    live.preview->reloadPlugin();
    CHECK_FALSE (banner.isVisible());
    CHECK (live.panel().getNumControls() == 4);
}

TEST_CASE ("A build's error shows across the top over the status's diagnostic, and the diagnostic comes back once it clears", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_params_not_json");
    auto& banner = live.preview->getDiagnosticBanner();
    REQUIRE (banner.isVisible());
    const auto diagnostic = banner.getMessage();

    live.preview->showBuildError ("build error: engine/src/lib.rs:3:13: error: expected expression, found `;`", "the last build that worked plays on");
    CHECK (banner.isVisible());
    CHECK (banner.getBounds().getY() == 0);
    CHECK (banner.getMessage() == "build error: engine/src/lib.rs:3:13: error: expected expression, found `;`");
    CHECK (banner.getHint() == "the last build that worked plays on");
    CHECK_FALSE (banner.offersReload());

    live.preview->clearBuildError();
    CHECK (banner.getMessage() == diagnostic);
    CHECK (banner.offersReload());

    // With nothing wrong with the plugin, the banner comes and goes with the build error alone.
    REQUIRE (live.pluginFile.deleteFile());
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (live.pluginFile));
    live.preview->reloadPlugin();
    REQUIRE_FALSE (banner.isVisible());
    live.preview->showBuildError ("build error: x", "y");
    CHECK (banner.isVisible());
    live.preview->clearBuildError();
    CHECK_FALSE (banner.isVisible());
}

TEST_CASE ("The meters read the tap the server sends from, and say when no audio runs", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000"); // a sine at 0.5 (-6 dBFS) through gain 1
    auto& meters = live.preview->getPluginPage().getMeterPanel();
    auto& scope = live.preview->getPluginPage().getScopeView();

    // Waited for within the margins: a block the isolated plugin answered
    // late on a busy machine goes out silent, and its frame reads as such.
    CHECK (test::pumpUntil ([&]
                            { return meters.isReceivingAudio()
                                  && std::abs (meters.getMeter (0).getDisplayedPeakDecibels() + 6.02f) < 0.1f
                                  && std::abs (meters.getMeter (1).getDisplayedRmsDecibels() + 9.03f) < 0.2f; },
                            3000));
    CHECK (meters.getMeter (0).getDisplayedPeakDecibels() == Approx (-6.02f).margin (0.1f));
    CHECK (meters.getMeter (1).getDisplayedRmsDecibels() == Approx (-9.03f).margin (0.2f));
    CHECK_FALSE (meters.getMeter (0).isClipping());
    CHECK (test::pumpUntil ([&]
                            { return scope.isReceivingAudio() && ! scope.getFrame().noSignal; },
                            3000));

    // The page's meterUpdate carries the same levels. (Under a sanitizer a
    // block of the isolated plugin may come late, and go out silent.)
    const auto meter = live.awaitNotification ("meterUpdate", [] (const nlohmann::json& params)
                                               { return params.at ("left_peak").get<double>() > 0.0; });
    CHECK (meter.at ("left_peak").get<double>() == Approx (0.5).margin (0.002));

    live.session.getEngine().stop();
    CHECK (test::pumpUntil ([&]
                            { return ! meters.isReceivingAudio() && ! scope.isReceivingAudio(); },
                            3000));
    CHECK (meters.getReadout() == "No audio");
}

TEST_CASE ("Between two frames the meters hold their levels: large blocks come fewer times a second than the display refreshes", "[ui]")
{
    MeterTap tap;
    MeterPanel meters (tap);
    MeterFrame frame;
    frame.peakLeft = frame.peakRight = 0.5f;                                          // -6.02 dBFS
    frame.rmsLeft = frame.rmsRight = 0.5f * juce::MathConstants<float>::sqrt2 / 2.0f; // -9.03

    tap.publish (frame);
    meters.refresh();
    REQUIRE (meters.isReceivingAudio());
    CHECK (meters.getMeter (1).getDisplayedRmsDecibels() == Approx (-9.03f).margin (0.05f));

    // Refreshes with no new frame, as between the blocks of 4096 frames at
    // 48 kHz (12 a second): what is shown stays.
    for (int i = 0; i < 3; ++i)
    {
        juce::Thread::sleep (16);
        meters.refresh();
        CHECK (meters.getMeter (1).getDisplayedRmsDecibels() == Approx (-9.03f).margin (0.05f));
        CHECK (meters.getMeter (0).getDisplayedPeakDecibels() == Approx (-6.02f).margin (0.05f));
    }

    // The next frame, quieter: the RMS follows at once, the peak falls from where it was.
    frame.peakLeft = frame.rmsLeft = 0.05f;
    tap.publish (frame);
    meters.refresh();
    CHECK (meters.getMeter (0).getDisplayedRmsDecibels() == Approx (-26.02f).margin (0.05f));
    CHECK (meters.getMeter (0).getDisplayedPeakDecibels() < -6.1f);
    CHECK (meters.getMeter (0).getDisplayedPeakDecibels() > -26.0f);
}

TEST_CASE ("Bypass passes the input through, the plugin left out", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000");
    REQUIRE (live.session.setParameter ("gain", 0.25f, nullptr)); // the plugin's output: 0.125
    auto& meters = live.preview->getPluginPage().getMeterPanel();

    const auto peakNear = [&] (float decibels)
    {
        return test::pumpUntil ([&]
                                { return std::abs (meters.getMeter (0).getHeldPeakDecibels() - decibels) < 0.2f; },
                                4000);
    };

    CHECK (peakNear (-18.06f));
    CHECK (live.preview->keyPressed (juce::KeyPress ('b', juce::ModifierKeys::commandModifier, 0)));
    CHECK (live.session.getEngine().getCallback().getPlayer().isBypassed());
    CHECK (peakNear (-6.02f)); // the sine itself
    CHECK (live.preview->getStatusPanel().getAudioLine().contains ("BYPASSED"));
}

TEST_CASE ("The preview remembers the device setup, the input source and the window, and a bad saved setup falls back quietly", "[ui][engine]")
{
    test::TemporaryFolder temp;
    juce::PropertiesFile::Options file;
    file.applicationName = "settings";
    file.filenameSuffix = ".settings";
    file.folderName = temp.folder.getFullPathName();
    const auto settingsFile = temp.folder.getChildFile ("settings.settings");

    {
        LiveSessionWithPreview live ("tp_v2", "sine:1000");
        auto& manager = live.session.getEngine().getDeviceManager();
        auto setup = manager.getAudioDeviceSetup();
        setup.sampleRate = 44100.0;
        setup.bufferSize = 128;
        REQUIRE (manager.setAudioDeviceSetup (setup, true).isEmpty());
        REQUIRE (live.preview->getAudioSettingsPanel().applyInputSource ("noise").wasOk());

        PreviewSettings settings (file);
        REQUIRE (settings.getFile() == settingsFile);
        settings.save (manager, live.session, nullptr);
    }

    SECTION ("the next run opens the same device and source")
    {
        PreviewSettings settings (file);
        juce::AudioDeviceManager manager;
        manager.addAudioDeviceType (std::make_unique<VirtualAudioIODeviceType>());
        REQUIRE (settings.restoreDeviceSetup (manager));
        REQUIRE (manager.getCurrentAudioDevice() != nullptr);
        CHECK (manager.getCurrentAudioDeviceType() == VirtualAudioIODevice::typeName);
        CHECK (manager.getCurrentAudioDevice()->getCurrentSampleRate() == 44100.0);
        CHECK (manager.getCurrentAudioDevice()->getCurrentBufferSizeSamples() == 128);
        CHECK (settings.getSavedInputSource() == "noise");
    }

    SECTION ("a device type that is gone opens nothing, and says so without an error")
    {
        auto text = settingsFile.loadFileAsString();
        REQUIRE (text.contains ("deviceType=\"" + juce::String (VirtualAudioIODevice::typeName) + "\""));
        REQUIRE (settingsFile.replaceWithText (text.replace ("deviceType=\"" + juce::String (VirtualAudioIODevice::typeName) + "\"",
                                                             "deviceType=\"NoSuchType\"")));
        PreviewSettings settings (file);
        juce::AudioDeviceManager manager;
        manager.addAudioDeviceType (std::make_unique<VirtualAudioIODeviceType>());
        CHECK_FALSE (settings.restoreDeviceSetup (manager));
        CHECK (manager.getCurrentAudioDevice() == nullptr);
    }

    SECTION ("a damaged file is no setup at all")
    {
        REQUIRE (settingsFile.replaceWithText ("<<< not a settings file"));
        PreviewSettings settings (file);
        juce::AudioDeviceManager manager;
        CHECK_FALSE (settings.restoreDeviceSetup (manager));
        CHECK (settings.getSavedInputSource().isEmpty());
    }
}

TEST_CASE ("Audio settings apply live, and the page stays connected through them", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000");
    auto& meters = live.preview->getPluginPage().getMeterPanel();
    REQUIRE (test::pumpUntil ([&]
                              { return meters.getMeter (0).getDisplayedRmsDecibels() > -10.0f; },
                              3000));

    SECTION ("a new rate and block size, as the device selector sets them")
    {
        auto& manager = live.session.getEngine().getDeviceManager();
        auto setup = manager.getAudioDeviceSetup();
        setup.sampleRate = 96000.0;
        setup.bufferSize = 64;
        REQUIRE (manager.setAudioDeviceSetup (setup, true).isEmpty());

        // The page hears the change (perhaps after a status on the way there).
        live.awaitNotification ("audioStatusChanged", [] (const Json& status)
                                { return status.value ("sample_rate", 0.0) == 96000.0 && status.value ("buffer_size", 0) == 64; });
        CHECK (live.page.ping (20));
        CHECK (test::pumpUntil ([&]
                                { return live.preview->getStatusPanel().getAudioLine().contains ("96000 Hz, 64 frames"); },
                                3000));
    }

    SECTION ("another input source: silence is metered as silence, not as no audio")
    {
        REQUIRE (live.preview->getAudioSettingsPanel().applyInputSource ("silence").wasOk());
        CHECK (live.session.getInputSource() == "silence");
        CHECK (test::pumpUntil ([&]
                                { return meters.getMeter (0).getDisplayedRmsDecibels() <= LevelMeter::minDecibels; },
                                3000));
        CHECK (meters.isReceivingAudio());
        CHECK (live.page.ping (21));

        // A source that can't work is refused where it was asked for, and the old one keeps playing.
        const auto error = live.preview->getAudioSettingsPanel().applyInputSource ("file:/no/such/take.wav").getErrorMessage();
        CHECK (error.contains ("/no/such/take.wav"));
        CHECK (live.preview->getAudioSettingsPanel().getInputSourceError() == error);
        CHECK (live.session.getInputSource() == "silence");
    }
}

// Not [engine]: the TSan build's allocator makes system calls of its own, which the monitor counts too.
TEST_CASE ("The Real-time tab lists each place the plugin broke a rule, with its stack, and its title says how many", "[ui][monitor][linux]")
{
    LiveSessionWithPreview live ("tp_allocates_in_process");
    auto& report = live.preview->getRealtimeReportPanel();

    CHECK (test::pumpUntil ([&]
                            { return report.getNumPlaces() == 2; },
                            5000));
    CHECK (report.getHeading() == "Build 1: 2 places break a real-time rule");
    const auto text = report.getText();
    CHECK (text.contains ("process() called malloc ("));
    CHECK (text.contains ("): the audio thread must not allocate"));
    CHECK (text.contains ("process() called free at process ("));
    CHECK (text.contains ("    at process ("));
    CHECK (text.contains ("test_plugin.c:"));
    CHECK (text.contains (" in plugin" WAVECRAFT_PLUGIN_SUFFIX)); // the file built, not the worker's copy
    CHECK (live.preview->getTabs().getTabNames().contains ("Real-time (2)"));

    // The build's quick check, run in the background, heads the list once done.
    CHECK (test::pumpUntil ([&]
                            { return report.getText().startsWith ("Quick check of build 1, in the background: 14 passed, 0 warned, 1 failed"); },
                            10000));
    CHECK (report.getText().contains ("    FAIL realtime.process: process() called malloc ("));
}

TEST_CASE ("The Real-time tab says when nothing broke a rule", "[ui][monitor][linux]")
{
    LiveSessionWithPreview live ("tp_v2");
    const auto& report = live.preview->getRealtimeReportPanel();
    CHECK (test::pumpUntil ([&]
                            { return report.getText().isNotEmpty(); },
                            10000));
    CHECK (report.getHeading() == "Build 1: no allocation, lock or system call on the audio thread so far");
    CHECK (report.getText().trim() == "Quick check of build 1, in the background: 15 passed, 0 warned, 0 failed");
    CHECK (live.preview->getTabs().getTabNames().contains ("Real-time"));
}

TEST_CASE ("Values read as the developer's own Wavecraft UI shows them, and typed values are read the same way", "[ui]")
{
    const auto makeSpec = [] (const char* unit, float minValue, float maxValue)
    {
        ParameterSpec spec;
        spec.id = "p";
        spec.unit = unit;
        spec.minValue = minValue;
        spec.maxValue = maxValue;
        return spec;
    };

    const auto gain = makeSpec ("", 0.0f, 2.0f);
    CHECK (ParameterControl::formatValue (gain, 0.0f) == "0.000");
    CHECK (ParameterControl::formatValue (gain, 1.5f) == "1.500");

    const auto mix = makeSpec ("%", 0.0f, 1.0f);
    CHECK (ParameterControl::formatValue (mix, 0.5f) == "50.0%");
    CHECK (ParameterControl::parseTypedValue (mix, "50%") == 0.5f);
    CHECK (ParameterControl::parseTypedValue (mix, "50") == 0.5f);
    CHECK (ParameterControl::parseTypedValue (mix, "150%") == std::nullopt); // out of range

    const auto cutoff = makeSpec ("Hz", 20.0f, 20000.0f);
    CHECK (ParameterControl::formatValue (cutoff, 1000.0f) == "1000.0 Hz");
    CHECK (ParameterControl::parseTypedValue (cutoff, "1k") == 1000.0f);
    CHECK (ParameterControl::parseTypedValue (cutoff, "1.5 kHz") == 1500.0f);
    CHECK (ParameterControl::parseTypedValue (cutoff, "1000 Hz") == 1000.0f);
    CHECK (ParameterControl::parseTypedValue (cutoff, "loud") == std::nullopt);

    // A small range gets the decimals to move visibly.
    const auto tiny = makeSpec ("", 0.0f, 0.01f);
    CHECK (ParameterControl::formatValue (tiny, 0.0025f) == "0.0025");
    const auto tinySeconds = makeSpec ("s", 0.0f, 0.01f);
    CHECK (ParameterControl::formatValue (tinySeconds, 0.0025f) == "0.0025 s");
}

TEST_CASE ("The Analysis tab shows the output's spectrum, and the measured response with the previous build's behind it", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000");
    REQUIRE (live.session.setParameter ("gain", 0.5f, nullptr));
    auto& spectrum = live.preview->getAnalysisPage().getSpectrumView();
    const auto& history = live.session.getAnalyser().getOutputHistory();
    const auto atChange = history.getNumWritten();
    REQUIRE (test::pumpUntil ([&]
                              { return history.getNumWritten() > atChange + SpectrumAnalyser::size + 2048; },
                              5000)); // all at gain 0.5
    REQUIRE (spectrum.refresh());
    CHECK (spectrum.isReceivingAudio());

    // The 1 kHz sine at 0.25: -12 dBFS at 1 kHz (the Hann window's
    // scalloping takes up to 1.4 dB), and 60 dB less two octaves away.
    const auto& frequencies = spectrum.getFrequencies();
    const auto& levels = spectrum.getLevels();
    const auto loudest = (size_t) std::distance (levels.begin(), std::max_element (levels.begin(), levels.end()));
    CHECK (frequencies[loudest] == Approx (1000.0).epsilon (0.02));
    CHECK (levels[loudest] == Approx (-12.04).margin (1.5));
    const auto at = [&] (double hz)
    { return levels[(size_t) std::distance (frequencies.begin(), std::lower_bound (frequencies.begin(), frequencies.end(), hz))]; };
    CHECK (at (250.0) < levels[loudest] - 60.0f);

    const auto unsmoothed = levels[loudest];
    spectrum.setSmoothing (true); // a sixth of an octave's power, averaged: a lone tone reads lower
    CHECK (spectrum.getLevels()[loudest] < unsmoothed - 6.0f);
    spectrum.setSmoothing (false);

    // The input beside it: the sine itself, at -6 dBFS, 6 dB above the output.
    const auto& input = live.session.getAnalyser().getInputHistory();
    const auto inputBefore = input.getNumWritten();
    spectrum.setInputShown (true);
    REQUIRE (test::pumpUntil ([&]
                              { return input.getNumWritten() > inputBefore + SpectrumAnalyser::size; },
                              5000));
    REQUIRE (spectrum.refresh());
    REQUIRE (spectrum.getInputLevels().size() == frequencies.size());
    CHECK (spectrum.getInputLevels()[loudest] == Approx (-6.02).margin (1.5));
    CHECK (spectrum.getInputLevels()[loudest] - spectrum.getLevels()[loudest] == Approx (6.02).margin (0.1));
    spectrum.setInputShown (false);
    CHECK (spectrum.getInputLevels().empty());

    // The response: measured on a request (the window measures continuously only while it shows).
    auto& response = live.preview->getAnalysisPage().getResponseView();
    auto* measurer = live.session.getResponseMeasurer();
    REQUIRE (measurer != nullptr);
    measurer->request ([] (const ResponseMeasurer::Answer&) {});
    REQUIRE (test::pumpUntil ([&]
                              {
                                  response.refresh();
                                  return response.getShown() != nullptr; },
                              10000));
    CHECK (response.getSummary().startsWith ("build 1: latency 0 samples, THD < 0.0001% at 1 kHz, -6 dBFS"));
    CHECK (response.getShown()->getMagnitudeDb (1000.0) == Approx (-6.02).margin (0.01));

    REQUIRE (test::getTestPlugin ("tp_v2_at_0999").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    measurer->request ([] (const ResponseMeasurer::Answer&) {});
    REQUIRE (test::pumpUntil ([&]
                              {
                                  response.refresh();
                                  return response.getShown() != nullptr && response.getShown()->build == 2; },
                              10000));
    CHECK (response.getSummary().endsWith ("(grey: build 1)"));
}

TEST_CASE ("A/B of builds: after a rebuild the previous build stays loaded, and a page, the button or Ctrl+P choose which is heard", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000"); // gain 1: the sine's 0.5 out
    MeterTap::Reader meters (live.session.getMeterTap());

    const auto hears = [&] (float level)
    { return settlesAt (meters, level); };

    REQUIRE (hears (0.5f));
    auto& button = live.preview->getBuildSwitch();
    CHECK_FALSE (button.isEnabled()); // nothing to compare yet
    CHECK_FALSE (live.preview->hearPreviousBuild (true));
    CHECK (live.session.getBuilds().size() == 1);

    // A rebuild at half the gain: heard, and the first build kept.
    REQUIRE (test::getTestPlugin ("tp_v2_at_half").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    CHECK (hears (0.25f));
    const auto builds = Json::parse (live.page.call (1, "getBuilds")).at ("result").at ("builds");
    REQUIRE (builds.size() == 2);
    CHECK (builds[0]["id"] == 2);
    CHECK (builds[0]["role"] == "current");
    CHECK (builds[0]["heard"] == true);
    CHECK (builds[1]["id"] == 1);
    CHECK (builds[1]["role"] == "previous");
    CHECK (builds[1]["loaded_at_ms"].get<juce::int64>() <= builds[0]["loaded_at_ms"].get<juce::int64>());
    CHECK (button.isEnabled());
    CHECK (button.getButtonText() == "A/B: build 2");

    // A page asks for the previous build: answered once it plays, and heard.
    live.page.sendText (R"({"jsonrpc":"2.0","id":2,"method":"selectBuild","params":{"build":"previous"}})");
    std::string answer;
    REQUIRE (test::pumpUntil ([&]
                              { return live.page.readMessage (answer) && answer.find (R"("id":2)") != std::string::npos; },
                              5000));
    CHECK (Json::parse (answer).at ("result") == Json ({ { "build", "previous" } }));
    CHECK (hears (0.5f));
    CHECK (button.getButtonText() == "A/B: build 1 (prev)");

    // A value set now reaches both builds: the previous at 0.5 gain...
    REQUIRE (live.session.setParameter ("gain", 0.5f, nullptr));
    CHECK (hears (0.25f));

    // ...and the newest, back with Ctrl+P, at half of that.
    CHECK (live.preview->keyPressed (juce::KeyPress ('p', juce::ModifierKeys::commandModifier, 0)));
    CHECK (hears (0.125f));
    CHECK_FALSE (live.session.isPreviousBuildHeard());

    button.triggerClick(); // and the button, to the previous again
    CHECK (hears (0.25f));
    CHECK (live.session.isPreviousBuildHeard());

    // The next rebuild while the previous is heard: the newest plays, and
    // the one it replaced (build 2, at half gain) becomes the previous.
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    CHECK (hears (0.25f)); // tp_v2 at gain 0.5
    REQUIRE (live.preview->hearPreviousBuild (true));
    CHECK (hears (0.125f));
    const auto after = live.session.getBuilds();
    REQUIRE (after.size() == 2);
    CHECK (after[1].id == 2);
    CHECK (after[1].heard);
}

TEST_CASE ("A/B level matching, off by default: the previous build heard at the newest build's RMS, the button saying by how many dB", "[ui][engine]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000"); // 0.5 out
    MeterTap::Reader meters (live.session.getMeterTap());
    const auto hears = [&] (float level)
    { return settlesAt (meters, level); };

    REQUIRE (hears (0.5f));
    test::pumpUntil ([]
                     { return false; },
                     1200); // at least a second of the first build

    REQUIRE (test::getTestPlugin ("tp_v2_at_half").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    REQUIRE (test::pumpUntil ([&]
                              { return live.session.getLevelMatchDb().has_value(); },
                              5000)); // a second of the newest
    CHECK (*live.session.getLevelMatchDb() == Approx (-6.02).margin (0.2));

    REQUIRE (live.preview->hearPreviousBuild (true));
    CHECK (hears (0.5f)); // off by default: as it is

    live.preview->getLevelMatchToggle().triggerClick(); // a click arrives as a message
    REQUIRE (test::pumpUntil ([&]
                              { return live.session.isLevelMatching(); },
                              2000));
    CHECK (hears (0.25f)); // matched to the newest
    // e.g. "A/B: build 1 (prev) -6.0 dB" (on a loaded machine a late block in a window reads -6.1)
    const auto text = live.preview->getBuildSwitch().getButtonText();
    CHECK (text.startsWith ("A/B: build 1 (prev) -6."));
    CHECK (text.endsWith (" dB"));
    CHECK (text.fromLastOccurrenceOf (") ", false, false).getDoubleValue() == Approx (-6.02).margin (0.2));

    REQUIRE (live.preview->hearPreviousBuild (false));
    CHECK (hears (0.25f)); // the newest is the reference, never changed
    live.preview->getLevelMatchToggle().triggerClick();
    CHECK (test::pumpUntil ([&]
                            { return ! live.session.isLevelMatching(); },
                            2000));
}

TEST_CASE ("A build that hangs is not kept for an A/B: its worker is ended with it, and the fixed build plays alone", "[ui][engine][isolation]")
{
    LiveSessionWithPreview live ("tp_hangs_after_100_blocks", "sine:1000");
    REQUIRE (test::pumpUntil ([&]
                              { return live.session.getAudioStatus().phase == AudioPhase::failed; },
                              10000));

    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    const auto builds = live.session.getBuilds();
    REQUIRE (builds.size() == 1);
    CHECK (builds[0].id == 2);
    CHECK_FALSE (live.preview->hearPreviousBuild (true));
    CHECK_FALSE (live.preview->getBuildSwitch().isEnabled());
}

namespace
{
/** Plays `faultyPlugin` as build 1 and tp_v2_at_half as build 2, mutes both
    (the fault comes with mute on), hears build 1 through a page's
    selectBuild, and returns the status once it failed.
*/
AudioStatus hearFaultyPreviousBuild (LiveSessionWithPreview& live, const juce::String& faultyPlugin)
{
    MeterTap::Reader meters (live.session.getMeterTap());
    REQUIRE (settlesAt (meters, 0.5f));
    REQUIRE (test::getTestPlugin ("tp_v2_at_half").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    REQUIRE (settlesAt (meters, 0.25f));
    REQUIRE (live.session.setParameter ("mute", 1.0f, nullptr));
    REQUIRE (settlesAt (meters, 0.0f)); // build 1 is on standby: it plays nothing, so nothing goes wrong yet

    live.page.sendText (R"({"jsonrpc":"2.0","id":2,"method":"selectBuild","params":{"build":"previous"}})");
    std::string message;
    auto told = false;
    INFO (faultyPlugin);
    REQUIRE (test::pumpUntil ([&]
                              {
                                  while (live.page.readMessage (message))
                                      told = told || (message.find ("audioStatusChanged") != std::string::npos && message.find (R"("phase":"failed")") != std::string::npos);

                                  return told; },
                              10000));
    CHECK (live.session.isPreviousBuildHeard());
    CHECK (live.session.getBuilds().size() == 2);
    return live.session.getAudioStatus();
}

/** Hears the newest build again: it plays, its status clear, and the failed previous build is gone. */
void checkNewestHeardAlone (LiveSessionWithPreview& live)
{
    REQUIRE (live.preview->hearPreviousBuild (false));
    CHECK (test::pumpUntil ([&]
                            { return live.session.getAudioStatus().phase == AudioPhase::runningFullDuplex; },
                            5000));
    CHECK_FALSE (live.session.getAudioStatus().diagnostic.has_value());
    const auto builds = live.session.getBuilds();
    REQUIRE (builds.size() == 1);
    CHECK (builds[0].id == 2);
    CHECK_FALSE (live.preview->hearPreviousBuild (true));

    MeterTap::Reader meters (live.session.getMeterTap());
    REQUIRE (live.session.setParameter ("mute", 0.0f, nullptr));
    CHECK (settlesAt (meters, 0.25f));
}
} // namespace

/** An app's own hints, as the command line's: one for every diagnostic. */
struct AppHints : public DiagnosticHints
{
    juce::String hintFor (const Diagnostic&) const override { return "the app's own hint"; }
};

TEST_CASE ("A previous build that crashes while heard is said by the status, and dropped once the newest is heard again", "[ui][engine][isolation]")
{
    AppHints hints; // outlives the session
    LiveSessionWithPreview live ("tp_segfault_while_muted", "sine:1000");
    live.session.setDiagnosticHints (&hints); // the way out is the newest build, whatever the app says of crashes
    const auto status = hearFaultyPreviousBuild (live, "tp_segfault_while_muted");
    REQUIRE (status.diagnostic.has_value());
    CHECK (status.diagnostic->message.startsWith ("build 1, the previous one (A/B): "));
    CHECK (status.diagnostic->message.contains ("crashed with SIGSEGV"));
    CHECK (status.diagnostic->message.endsWith ("; build 2, the newest, is still loaded"));
    CHECK (status.diagnostic->hint.startsWith ("choose the newest build again"));
    CHECK ((int) status.diagnostic->fields[Diagnostic::Fields::build] == 1);

    checkNewestHeardAlone (live);
}

TEST_CASE ("A previous build that hangs while heard is said by the status, and dropped once the newest is heard again", "[ui][engine][isolation]")
{
    LiveSessionWithPreview live ("tp_hangs_while_muted", "sine:1000");
    const auto status = hearFaultyPreviousBuild (live, "tp_hangs_while_muted");
    REQUIRE (status.diagnostic.has_value());
    CHECK (status.diagnostic->fields[Diagnostic::Fields::fault] == "hang");
    CHECK (status.diagnostic->message.startsWith ("build 1, the previous one (A/B): the plugin's process() has"));
    CHECK (status.diagnostic->message.endsWith ("; build 2, the newest, is still loaded"));
    CHECK (status.diagnostic->hint.startsWith ("choose the newest build again"));

    checkNewestHeardAlone (live);
}

TEST_CASE ("A rebuild while a failed previous build is heard keeps the newest, which was fine, as the previous one", "[ui][engine][isolation]")
{
    LiveSessionWithPreview live ("tp_segfault_while_muted", "sine:1000");
    REQUIRE (hearFaultyPreviousBuild (live, "tp_segfault_while_muted").phase == AudioPhase::failed);

    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    CHECK (test::pumpUntil ([&]
                            { return live.session.getAudioStatus().phase == AudioPhase::runningFullDuplex; },
                            5000));
    CHECK_FALSE (live.session.getAudioStatus().diagnostic.has_value());
    const auto builds = live.session.getBuilds();
    REQUIRE (builds.size() == 2);
    CHECK (builds[0].id == 3);
    CHECK (builds[1].id == 2);

    MeterTap::Reader meters (live.session.getMeterTap());
    REQUIRE (live.session.setParameter ("mute", 0.0f, nullptr));
    CHECK (settlesAt (meters, 0.5f));
    REQUIRE (live.preview->hearPreviousBuild (true));
    CHECK (settlesAt (meters, 0.25f));
}

namespace
{
/** Plays tp_v2 as build 1 and `faultyPlugin` as build 2, mutes both (build
    2 fails then), hears build 1 instead, unmuted, and hears the newest
    build again once build 1 has faded in.
*/
void hearPreviousWhileNewestFails (LiveSessionWithPreview& live, MeterTap::Reader& meters, const juce::String& faultyPlugin)
{
    INFO (faultyPlugin);
    REQUIRE (settlesAt (meters, 0.5f));
    REQUIRE (test::getTestPlugin (faultyPlugin).copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    REQUIRE (live.session.setParameter ("mute", 1.0f, nullptr));
    REQUIRE (test::pumpUntil ([&]
                              { return live.session.getAudioStatus().phase == AudioPhase::failed; },
                              10000));

    // Build 1 is heard instead, untouched by it.
    REQUIRE (live.preview->hearPreviousBuild (true));
    CHECK (live.session.getAudioStatus().phase == AudioPhase::runningFullDuplex);
    CHECK_FALSE (live.session.getAudioStatus().diagnostic.has_value());
    REQUIRE (live.session.setParameter ("mute", 0.0f, nullptr));
    CHECK (settlesAt (meters, 0.5f));

    REQUIRE (test::pumpUntil ([&]
                              { return live.preview->hearPreviousBuild (false); },
                              2000));
}
} // namespace

TEST_CASE ("The newest build's crash is its own: the previous build is heard meanwhile, and the crash said again when the newest is chosen", "[ui][engine][isolation]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000");
    MeterTap::Reader meters (live.session.getMeterTap());
    hearPreviousWhileNewestFails (live, meters, "tp_segfault_while_muted");

    // The newest again: its crash is said again, of it, and build 1 stays.
    const auto status = live.session.getAudioStatus();
    CHECK (status.phase == AudioPhase::failed);
    REQUIRE (status.diagnostic.has_value());
    CHECK (status.diagnostic->message.contains ("crashed with SIGSEGV"));
    CHECK_FALSE (status.diagnostic->message.contains ("previous"));
    CHECK (live.session.getBuilds().size() == 2);
    CHECK (test::pumpUntil ([&]
                            { return live.preview->hearPreviousBuild (true); },
                            2000)); // once build 2 has faded out
    CHECK (settlesAt (meters, 0.5f));
}

TEST_CASE ("A newest build that hangs: the previous build is heard meanwhile, the hang said again when the newest is chosen, and not kept at the next rebuild", "[ui][engine][isolation]")
{
    LiveSessionWithPreview live ("tp_v2", "sine:1000");
    MeterTap::Reader meters (live.session.getMeterTap());
    hearPreviousWhileNewestFails (live, meters, "tp_hangs_while_muted");

    // The newest again: its hang is said again.
    const auto status = live.session.getAudioStatus();
    CHECK (status.phase == AudioPhase::failed);
    REQUIRE (status.diagnostic.has_value());
    CHECK (status.diagnostic->fields[Diagnostic::Fields::fault] == "hang");

    REQUIRE (test::getTestPlugin ("tp_v2_at_half").copyFileTo (live.pluginFile));
    REQUIRE (live.session.reloadPlugin());
    const auto builds = live.session.getBuilds();
    REQUIRE (builds.size() == 1); // the hung build isn't kept for an A/B
    CHECK (builds[0].id == 3);
    CHECK (settlesAt (meters, 0.25f));
}
