namespace wavecraft
{

namespace
{
    const juce::String audioSettingsTab = "Audio settings", webUiTab = "Web UI", realtimeTab = "Real-time";
}

PreviewComponent::PreviewComponent (HostSession& sessionToShow)
    : session (sessionToShow),
      pluginPage (session),
      audioSettings (session),
      realtimeReport (session),
      analysis (session),
      status (session)
{
    const auto background = findColour (juce::ResizableWindow::backgroundColourId);
    tabs.addTab ("Plugin", background, &pluginPage, false);
    tabs.addTab ("Analysis", background, &analysis, false);
    tabs.addTab (audioSettingsTab, background, &audioSettings, false);
    tabs.addTab (realtimeTab, background, &realtimeReport, false);
    tabs.getTabbedButtonBar().getTabButton (3)->setTooltip ("Where the plugin allocates, locks or makes system calls on the audio thread");

    // The tab says how many places there are, so a new one is seen from any tab.
    realtimeReport.onPlacesChanged = [this] (int places)
    { showRealtimePlaces (places); };
    showRealtimePlaces (realtimeReport.getNumPlaces());
    tabs.setTabBarDepth (30);
    tabs.getTabbedButtonBar().getTabButton (1)->setTooltip ("The measured response and the output's spectrum");
    tabs.getTabbedButtonBar().getTabButton (2)->setTooltip ("Devices and the input source (Ctrl+,)");
    addAndMakeVisible (tabs);

    reloadButton.setTooltip ("Load the plugin file again (Ctrl+R)");
    reloadButton.onClick = [this]
    { reloadPlugin(); };
    addAndMakeVisible (reloadButton);

    buildSwitch.onClick = [this]
    { hearPreviousBuild (! session.isPreviousBuildHeard()); };
    addAndMakeVisible (buildSwitch);
    levelMatchToggle.setTooltip ("Hear the previous build at the newest build's RMS (over the last second each played)");
    levelMatchToggle.onClick = [this]
    {
        session.setLevelMatching (levelMatchToggle.getToggleState());
        buildsChanged();
    };
    addAndMakeVisible (levelMatchToggle);
    buildsChanged();
    startTimerHz (4);

    bypassButton.setTooltip ("Pass the input through, without the plugin (Ctrl+B)");
    bypassButton.onClick = [this]
    { setBypassed (bypassButton.getToggleState()); };
    addAndMakeVisible (bypassButton);

    banner.onReload = [this]
    { reloadPlugin(); };
    addChildComponent (banner);
    addAndMakeVisible (status);

    setWantsKeyboardFocus (true);
    session.addListener (this);
    audioStatusChanged (session.getAudioStatus());
    setSize (defaultWidth, defaultHeight);
}

PreviewComponent::~PreviewComponent()
{
    session.removeListener (this);
}

void PreviewComponent::reloadPlugin()
{
    session.reloadPlugin();
    status.refresh();
}

bool PreviewComponent::hearPreviousBuild (bool shouldHearPrevious)
{
    const auto switched = session.hearPreviousBuild (shouldHearPrevious);
    status.refresh();
    return switched;
}

void PreviewComponent::buildsChanged()
{
    // "A/B: build 3" names the build heard; off until a rebuild leaves a previous one.
    const auto builds = session.getBuilds();
    const auto heard = std::find_if (builds.begin(), builds.end(), [] (const LoadedBuild& build)
                                     { return build.heard; });
    const auto hasPrevious = builds.size() > 1;
    buildSwitch.setEnabled (hasPrevious);
    auto text = hasPrevious && heard != builds.end() ? "A/B: build " + juce::String (heard->id) + (heard->role == "previous" ? " (prev)" : "")
                                                     : juce::String ("A/B");

    // Matched, the previous build's gain is said: "A/B: build 1 (prev) -6.0 dB".
    if (const auto match = session.getLevelMatchDb(); session.isLevelMatching() && session.isPreviousBuildHeard() && match.has_value())
        text << " " << (*match > 0.0f ? "+" : "") << juce::String (*match, 1) << " dB";

    if (text != buildSwitch.getButtonText())
        buildSwitch.setButtonText (text);

    buildSwitch.setColour (juce::TextButton::buttonColourId, session.isPreviousBuildHeard() ? juce::Colour (0xff8e5a12) : findColour (juce::TextButton::buttonColourId));
    buildSwitch.setTooltip (! hasPrevious                        ? "After a rebuild, hear the previous build and the newest in turn (Ctrl+P)"
                                : session.isPreviousBuildHeard() ? "Hear the newest build again (Ctrl+P)"
                                                                 : "Hear the previous build (Ctrl+P)");
}

void PreviewComponent::setBypassed (bool shouldBypass)
{
    session.getEngine().getCallback().getPlayer().setBypassed (shouldBypass);
    bypassButton.setToggleState (shouldBypass, juce::dontSendNotification);
    status.refresh();
}

void PreviewComponent::showRealtimePlaces (int places)
{
    // Amber, as the banner is for a degraded device: something to fix, not a failure.
    const auto background = findColour (juce::ResizableWindow::backgroundColourId);

    for (int i = 0; i < tabs.getNumTabs(); ++i)
    {
        if (tabs.getTabContentComponent (i) == &realtimeReport)
        {
            tabs.setTabName (i, places == 0 ? realtimeTab : realtimeTab + " (" + juce::String (places) + ")");
            tabs.setTabBackgroundColour (i, places == 0 ? background : juce::Colour (0xffa86a12));
        }
    }
}

void PreviewComponent::showAudioSettings()
{
    tabs.setCurrentTabIndex (tabs.getTabNames().indexOf (audioSettingsTab));
}

void PreviewComponent::showWebUi (const juce::String& url)
{
    jassert (webUi == nullptr);
    webUi = std::make_unique<WebUiPage> (url);
    tabs.addTab (webUiTab, findColour (juce::ResizableWindow::backgroundColourId), webUi.get(), false, 1);
    tabs.setCurrentTabIndex (1);
}

void PreviewComponent::audioStatusChanged (const AudioStatus& newStatus)
{
    const auto wasVisible = banner.isVisible();
    banner.setStatus (newStatus);

    if (banner.isVisible() != wasVisible)
        resized();
}

void PreviewComponent::showBuildError (const juce::String& message, const juce::String& hint)
{
    const auto wasVisible = banner.isVisible();
    banner.setBuildError (message, hint);

    if (banner.isVisible() != wasVisible)
        resized();
}

void PreviewComponent::clearBuildError()
{
    const auto wasVisible = banner.isVisible();
    banner.clearBuildError();

    if (banner.isVisible() != wasVisible)
        resized();
}

bool PreviewComponent::keyPressed (const juce::KeyPress& key)
{
    const auto command = juce::ModifierKeys::commandModifier;

    if (key == juce::KeyPress ('r', command, 0))
        reloadPlugin();
    else if (key == juce::KeyPress ('p', command, 0))
        hearPreviousBuild (! session.isPreviousBuildHeard());
    else if (key == juce::KeyPress ('b', command, 0))
        setBypassed (! session.getEngine().getCallback().getPlayer().isBypassed());
    else if (key == juce::KeyPress (',', command, 0))
        showAudioSettings();
    else if (const auto tab = key.getKeyCode() - '1'; key.getModifiers() == command && tab >= 0 && tab < juce::jmin (9, tabs.getNumTabs()))
        tabs.setCurrentTabIndex (tab);
    else
        return false;

    return true;
}

void PreviewComponent::resized()
{
    auto area = getLocalBounds();

    if (banner.isVisible())
        banner.setBounds (area.removeFromTop (DiagnosticBanner::preferredHeight));

    status.setBounds (area.removeFromBottom (StatusPanel::preferredHeight));
    tabs.setBounds (area);

    // The buttons sit at the right end of the tab bar, which is empty there.
    auto buttons = area.removeFromTop (tabs.getTabBarDepth()).removeFromRight (460).reduced (4, 3);
    reloadButton.setBounds (buttons.removeFromRight (80));
    buttons.removeFromRight (8);
    bypassButton.setBounds (buttons.removeFromRight (90));
    buttons.removeFromRight (8);
    buildSwitch.setBounds (buttons.removeFromRight (180));
    levelMatchToggle.setBounds (buttons.removeFromRight (72));
}

} // namespace wavecraft
