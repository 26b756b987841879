namespace wavecraft
{

DiagnosticBanner::DiagnosticBanner()
{
    message.setFont (juce::Font (15.0f, juce::Font::bold));
    message.setColour (juce::Label::textColourId, juce::Colours::white);
    hint.setColour (juce::Label::textColourId, juce::Colours::white.withAlpha (0.85f));
    message.setMinimumHorizontalScale (0.9f);
    message.setJustificationType (juce::Justification::topLeft);
    hint.setMinimumHorizontalScale (0.8f);
    addAndMakeVisible (message);
    addAndMakeVisible (hint);
    reloadButton.setTooltip ("Load the plugin file again (Ctrl+R)");
    reloadButton.onClick = [this]
    {
        if (onReload != nullptr)
            onReload();
    };
    addChildComponent (reloadButton);
    setVisible (false);
}

void DiagnosticBanner::setStatus (const AudioStatus& status)
{
    lastStatus = status;
    show();
}

void DiagnosticBanner::setBuildError (const juce::String& newMessage, const juce::String& newHint)
{
    buildError = newMessage;
    buildErrorHint = newHint;
    show();
}

void DiagnosticBanner::clearBuildError()
{
    buildError.clear();
    buildErrorHint.clear();
    show();
}

void DiagnosticBanner::show()
{
    const auto failed = lastStatus.phase == AudioPhase::failed;

    if (buildError.isNotEmpty())
    {
        background = juce::Colour (0xff8e2a5a); // not the failed plugin's red: the plugin may well play on
        message.setText (buildError, juce::dontSendNotification);
        hint.setText (buildErrorHint, juce::dontSendNotification);
        reloadButton.setVisible (false);
    }
    else if (lastStatus.diagnostic.has_value())
    {
        background = failed ? juce::Colour (0xffa32424) : juce::Colour (0xffa86a12);
        message.setText (lastStatus.diagnostic->message, juce::dontSendNotification);
        hint.setText (lastStatus.diagnostic->hint, juce::dontSendNotification);
        reloadButton.setVisible (failed);
    }
    else
    {
        setVisible (false);
        return;
    }

    setVisible (true);
    resized();
    repaint();
}

void DiagnosticBanner::paint (juce::Graphics& g)
{
    g.fillAll (background);
}

void DiagnosticBanner::resized()
{
    auto area = getLocalBounds().reduced (8, 6);

    if (reloadButton.isVisible())
        reloadButton.setBounds (area.removeFromRight (90).withSizeKeepingCentre (90, 28));

    // Two lines for the message (a load error names the file and the place), one for the hint.
    message.setBounds (area.removeFromTop (area.getHeight() * 2 / 3));
    hint.setBounds (area);
}

} // namespace wavecraft
