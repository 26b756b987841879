namespace wavecraft
{

PluginPage::PluginPage (BrowserUiBackend& backend)
    : parameters (backend),
      meters (backend.getMeterTap()),
      scope (backend)
{
    addAndMakeVisible (parameters);
    addAndMakeVisible (meters);
    addAndMakeVisible (scope);
}

void PluginPage::resized()
{
    auto area = getLocalBounds().reduced (6);
    auto right = area.removeFromRight (juce::jlimit (260, 520, area.getWidth() * 2 / 5));
    area.removeFromRight (6);
    parameters.setBounds (area);

    meters.setBounds (right.removeFromLeft (130));
    right.removeFromLeft (6);
    scope.setBounds (right);
}

} // namespace wavecraft
