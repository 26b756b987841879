namespace wavecraft
{

LevelMeter::LevelMeter()
{
    setTooltip ("Peak and RMS in dBFS; click to clear the clip light");
    setOpaque (true);
}

float LevelMeter::toDecibels (float gain) noexcept
{
    // A NaN from a broken plugin reads as silence here, not as a full scale.
    return std::isfinite (gain) ? juce::jlimit (minDecibels, maxDecibels, juce::Decibels::gainToDecibels (gain, minDecibels))
                                : minDecibels;
}

bool LevelMeter::update (float peak, float rms, double nowSeconds)
{
    const auto elapsed = lastUpdateSeconds > 0.0 ? (float) (nowSeconds - lastUpdateSeconds) : 0.0f;
    lastUpdateSeconds = nowSeconds;

    const auto before = std::make_tuple (displayedPeak, displayedRms, heldPeak, clipped);
    const auto newPeak = toDecibels (peak);

    displayedPeak = juce::jmax (newPeak, displayedPeak - peakFallDecibelsPerSecond * elapsed);
    displayedRms = toDecibels (rms);

    if (newPeak >= heldPeak || nowSeconds - heldSinceSeconds > peakHoldSeconds)
    {
        heldPeak = newPeak;
        heldSinceSeconds = nowSeconds;
    }

    clipped = clipped || (std::isfinite (peak) && peak >= 1.0f);

    // Compared in whole tenths of a dB: smaller moves don't show, so they cost no repaint.
    const auto tenths = [] (float decibels)
    { return juce::roundToInt (decibels * 10.0f); };
    const auto changed = tenths (displayedPeak) != tenths (std::get<0> (before))
        || tenths (displayedRms) != tenths (std::get<1> (before))
        || tenths (heldPeak) != tenths (std::get<2> (before)) || clipped != std::get<3> (before);

    if (changed)
        repaint();

    return changed;
}

void LevelMeter::setActive (bool isActive)
{
    if (active == isActive)
        return;

    active = isActive;

    if (! active)
        displayedPeak = displayedRms = heldPeak = minDecibels;

    repaint();
}

float LevelMeter::levelToY (float decibels, float height) noexcept
{
    const auto proportion = (juce::jlimit (minDecibels, maxDecibels, decibels) - minDecibels) / (maxDecibels - minDecibels);
    return height * (1.0f - proportion);
}

void LevelMeter::paint (juce::Graphics& g)
{
    auto bounds = getLocalBounds().toFloat();
    g.fillAll (juce::Colour (0xff16181c));

    const auto lightArea = bounds.removeFromTop (8.0f).reduced (1.0f);
    g.setColour (clipped ? juce::Colours::red : juce::Colour (0xff3a1d1d));
    g.fillRect (lightArea);

    bounds.removeFromTop (2.0f);
    const auto height = bounds.getHeight();
    const auto barTop = [&] (float decibels)
    { return bounds.getY() + levelToY (decibels, height); };

    const auto zeroY = barTop (0.0f);
    const auto barColour = active ? juce::Colour (0xff3fbf6f) : juce::Colour (0xff4a4d52);

    g.setColour (barColour.withAlpha (0.45f));
    g.fillRect (bounds.withTop (barTop (displayedPeak)));
    g.setColour (barColour);
    g.fillRect (bounds.withTop (barTop (displayedRms)));

    if (active && heldPeak > minDecibels)
    {
        g.setColour (heldPeak >= 0.0f ? juce::Colours::red : juce::Colours::yellow);
        g.fillRect (bounds.getX(), barTop (heldPeak) - 1.0f, bounds.getWidth(), 2.0f);
    }

    g.setColour (juce::Colours::white.withAlpha (0.35f));
    g.drawHorizontalLine (juce::roundToInt (zeroY), bounds.getX(), bounds.getRight());
}

void LevelMeter::mouseDown (const juce::MouseEvent&)
{
    clipped = false;
    repaint();
}

} // namespace wavecraft
