namespace wavecraft
{

StatusPanel::StatusPanel (HostSession& sessionToShow)
    : session (sessionToShow)
{
    for (auto* line : { &audioLine, &pluginLine })
    {
        line->setFont (13.0f);
        line->setMinimumHorizontalScale (0.7f);
        addAndMakeVisible (*line);
    }

    previousCounters = session.getEngine().getCallback().getCounters();
    session.addListener (this);
    refresh();
    startTimerHz (4);
}

StatusPanel::~StatusPanel()
{
    stopTimer();
    session.removeListener (this);
}

void StatusPanel::refresh()
{
    const auto& callback = session.getEngine().getCallback();
    const auto counters = callback.getCounters();

    if (counters.processedFrames != previousCounters.processedFrames)
        cpuLoad = counters.cpuLoadSince (previousCounters, callback.getSampleRate());

    previousCounters = counters;
    audioLine.setText (describeAudio(), juce::dontSendNotification);
    pluginLine.setText (describePlugin(), juce::dontSendNotification);
}

juce::String StatusPanel::describeAudio() const
{
    auto& engine = session.getEngine();
    const auto& status = engine.getStatus();
    auto text = "Audio " + describe (status.phase);

    if (status.sampleRate > 0.0)
    {
        text << "  |  " << engine.describeDevice() << "  |  CPU " << juce::String (cpuLoad * 100.0f, 1) << "%  |  xruns "
             << engine.getXRunCount();

        // Only an isolated plugin can be late; where none was, it is no news.
        if (previousCounters.lateBlocks > 0)
            text << "  |  late (silent) blocks " << (juce::int64) previousCounters.lateBlocks;
    }

    if (engine.getCallback().getPlayer().isBypassed())
        text << "  |  BYPASSED";

    return text;
}

juce::String StatusPanel::describePlugin() const
{
    const auto file = session.getPluginFile();
    juce::String text = "Plugin " + (file == juce::File() ? juce::String ("none") : file.getFileName());

    if (const auto& plugin = session.getPluginInfo())
        text << " (" << plugin->describeKind() << ", " << countOf ((juce::int64) plugin->parameters.size(), "parameter", "parameters")
             << (plugin->isolated ? ", isolated)" : ", in-process)");
    else if (session.getLoadError().has_value())
        text << " (not loaded)";

    text << "  |  reloads " << session.getNumReloads() << "  |  " << file.getParentDirectory().getFullPathName();
    return text;
}

void StatusPanel::paint (juce::Graphics& g)
{
    g.fillAll (juce::Colour (0xff1e2126));
}

void StatusPanel::resized()
{
    auto area = getLocalBounds().reduced (8, 2);
    audioLine.setBounds (area.removeFromTop (area.getHeight() / 2));
    pluginLine.setBounds (area);
}

} // namespace wavecraft
