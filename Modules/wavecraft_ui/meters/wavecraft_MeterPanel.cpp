namespace wavecraft
{

namespace
{
    double nowSeconds()
    {
        return juce::Time::getMillisecondCounterHiRes() / 1000.0;
    }

    juce::String decibelsText (float decibels)
    {
        return decibels <= LevelMeter::minDecibels ? juce::String ("-inf") : juce::String (decibels, 1);
    }
} // namespace

MeterPanel::MeterPanel (const MeterTap& tap)
    : reader (tap)
{
    addAndMakeVisible (leftMeter);
    addAndMakeVisible (rightMeter);
    startTimerHz (refreshRateHz);
}

MeterPanel::~MeterPanel()
{
    stopTimer();
}

void MeterPanel::timerCallback()
{
    refresh();
}

void MeterPanel::refresh()
{
    MeterFrame levels;
    const auto count = reader.readNew ([&levels] (const MeterFrame& frame)
                                       { levels.holdMaximum (frame); });
    const auto now = nowSeconds();

    if (count > 0)
        lastFrameSeconds = now;

    setReceiving (count > 0 || (lastFrameSeconds > 0.0 && now - lastFrameSeconds < silenceAfterSeconds));

    // A refresh between two frames (blocks of 2048 frames come 23 times a
    // second, the display 60) keeps what is shown: updated with no levels,
    // the RMS would flicker down to the floor.
    if (! receiving || count == 0)
        return;

    const auto leftChanged = leftMeter.update (levels.peakLeft, levels.rmsLeft, now);
    const auto rightChanged = rightMeter.update (levels.peakRight, levels.rmsRight, now);

    // The numbers change every frame; ten times a second is as fast as they can be read.
    if ((leftChanged || rightChanged) && now - lastReadoutSeconds >= 0.1)
    {
        lastReadoutSeconds = now;
        repaint (readoutArea);
    }
}

void MeterPanel::setReceiving (bool isReceiving)
{
    if (receiving == isReceiving)
        return;

    receiving = isReceiving;
    leftMeter.setActive (receiving);
    rightMeter.setActive (receiving);
    repaint();
}

juce::String MeterPanel::getReadout() const
{
    if (! receiving)
        return "No audio";

    return "Peak " + decibelsText (leftMeter.getDisplayedPeakDecibels()) + "  " + decibelsText (rightMeter.getDisplayedPeakDecibels())
        + "\nRMS " + decibelsText (leftMeter.getDisplayedRmsDecibels()) + "  " + decibelsText (rightMeter.getDisplayedRmsDecibels());
}

void MeterPanel::paint (juce::Graphics& g)
{
    g.fillAll (findColour (juce::ResizableWindow::backgroundColourId));
    paintScale (g, scaleArea);

    g.setColour (juce::Colours::white.withAlpha (0.8f));
    g.setFont (13.0f);
    g.drawFittedText (getReadout(), readoutArea, juce::Justification::centred, 2);
}

void MeterPanel::paintOverChildren (juce::Graphics& g)
{
    if (receiving)
        return;

    g.setColour (juce::Colours::orange);
    g.setFont (juce::Font (14.0f, juce::Font::bold));
    g.drawFittedText ("No\naudio", metersArea, juce::Justification::centred, 2);
}

void MeterPanel::paintScale (juce::Graphics& g, juce::Rectangle<int> area) const
{
    // The meters' bars start below their 10-pixel clip light.
    const auto top = (float) area.getY() + 10.0f, height = (float) area.getHeight() - 10.0f;
    g.setColour (juce::Colours::white.withAlpha (0.6f));
    g.setFont (11.0f);

    for (const auto decibels : { 6, 0, -6, -12, -24, -36, -48, -60 })
    {
        const auto y = (int) (top + LevelMeter::levelToY ((float) decibels, height));
        g.drawText (juce::String (decibels), area.getX(), y - 6, area.getWidth() - 4, 12, juce::Justification::centredRight);
    }
}

void MeterPanel::resized()
{
    auto area = getLocalBounds().reduced (6);
    readoutArea = area.removeFromBottom (36);
    area.removeFromBottom (4);
    scaleArea = area.removeFromLeft (30);
    metersArea = area;

    const auto meterWidth = juce::jmin (28, (area.getWidth() - 6) / 2);
    leftMeter.setBounds (area.removeFromLeft (meterWidth));
    area.removeFromLeft (6);
    rightMeter.setBounds (area.removeFromLeft (meterWidth));
    metersArea = metersArea.withWidth (meterWidth * 2 + 6);
}

} // namespace wavecraft
