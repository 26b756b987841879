namespace wavecraft
{

SpectrumView::SpectrumView (const SampleHistory& output, const SampleHistory* input)
    : history (output),
      inputHistory (input)
{
    inputButton.setTooltip ("Show the plugin's input spectrum beside its output's (orange)");
    inputButton.onClick = [this]
    { setInputShown (inputButton.getToggleState()); };
    inputButton.setEnabled (input != nullptr);
    addAndMakeVisible (inputButton);

    setOpaque (true);
    smoothingButton.setTooltip ("Smooth the spectrum over a sixth of an octave");
    smoothingButton.onClick = [this]
    { refresh(); };
    addAndMakeVisible (smoothingButton);
    startTimerHz (refreshRateHz);
}

SpectrumView::~SpectrumView()
{
    stopTimer();
}

void SpectrumView::setInputShown (bool shouldShow)
{
    inputButton.setToggleState (shouldShow && inputHistory != nullptr, juce::dontSendNotification);
    inputLevels.clear();

    if (onInputShown != nullptr)
        onInputShown (isInputShown());

    repaint();
}

void SpectrumView::setSmoothing (bool sixthOctave)
{
    smoothingButton.setToggleState (sixthOctave, juce::dontSendNotification);
    refresh();
}

void SpectrumView::timerCallback()
{
    if (isShowing())
        refresh();
}

FrequencyGrid SpectrumView::makeGrid() const
{
    FrequencyGrid grid;
    grid.area = getLocalBounds().toFloat().reduced (4.0f);
    grid.highHz = analysedRate > 0.0 ? analysedRate / 2.0 : 24000.0;
    return grid;
}

bool SpectrumView::refresh()
{
    // A stopped device leaves the last frames behind: said, not shown as live.
    const auto now = juce::Time::getMillisecondCounterHiRes() / 1000.0;

    if (const auto written = history.getNumWritten(); written != framesSeen)
        framesSeen = written, lastNewFramesSeconds = now;

    if (const auto wasReceiving = std::exchange (receiving, framesSeen > 0 && now - lastNewFramesSeconds < MeterPanel::silenceAfterSeconds);
        wasReceiving != receiving)
        repaint();

    if (! receiving || ! analyser.analyse (history))
        return false;

    if (analyser.getSampleRate() != analysedRate || frequencies.empty())
    {
        analysedRate = analyser.getSampleRate();
        frequencies = makeGrid().makeFrequencies (numPoints);
        peaks.assign (frequencies.size(), SpectrumAnalyser::floorDb);
    }

    analyser.getLevels (frequencies, isSmoothing(), levels);

    // The input's, beside it: once its tap has filled a window since shown.
    if (isInputShown() && inputAnalyser.analyse (*inputHistory))
        inputAnalyser.getLevels (frequencies, isSmoothing(), inputLevels);

    const auto fall = peakFallDbPerSecond * (float) juce::jlimit (0.0, 1.0, now - lastRefreshSeconds);
    lastRefreshSeconds = now;

    for (size_t i = 0; i < peaks.size(); ++i)
        peaks[i] = juce::jmax (levels[i], peaks[i] - fall);

    repaint();
    return true;
}

void SpectrumView::resized()
{
    smoothingButton.setBounds (getWidth() - 190, 4, 104, 22); // left of the dB labels
    inputButton.setBounds (getWidth() - 260, 4, 66, 22);
}

void SpectrumView::paint (juce::Graphics& g)
{
    g.fillAll (juce::Colour (0xff101215));
    const auto grid = makeGrid();
    grid.draw (g, 12.0, juce::Colours::white);

    if (! receiving)
    {
        g.setColour (juce::Colours::orange);
        g.setFont (juce::Font (14.0f, juce::Font::bold));
        g.drawText ("No audio", getLocalBounds(), juce::Justification::centred);
    }

    if (levels.empty())
        return;

    if (! inputLevels.empty())
    {
        g.setColour (juce::Colour (0xffffb74d).withAlpha (0.85f));
        g.strokePath (grid.makeTrace (frequencies, inputLevels), juce::PathStrokeType (1.0f));
    }

    auto fill = grid.makeTrace (frequencies, levels);
    fill.lineTo (grid.area.getRight(), grid.area.getBottom());
    fill.lineTo (grid.xOf (frequencies.front()), grid.area.getBottom());
    fill.closeSubPath();
    g.setColour (juce::Colour (0xff4fc3f7).withAlpha (0.25f));
    g.fillPath (fill);
    g.setColour (juce::Colour (0xff4fc3f7));
    g.strokePath (grid.makeTrace (frequencies, levels), juce::PathStrokeType (1.2f));
    g.setColour (juce::Colours::white.withAlpha (0.55f));
    g.strokePath (grid.makeTrace (frequencies, peaks), juce::PathStrokeType (0.8f));

    g.setFont (12.0f);
    g.setColour (juce::Colours::white.withAlpha (0.8f));
    g.drawText ("output spectrum, dBFS (8192-point FFT, Hann; white: peak hold)",
                getLocalBounds().reduced (70, 6).removeFromTop (16).withTrimmedRight (200), juce::Justification::left, true);
}

} // namespace wavecraft
