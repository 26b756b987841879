namespace wavecraft
{

ScopeView::ScopeView (const BrowserUiBackend& backendToShow)
    : backend (backendToShow)
{
    setOpaque (true);
    startTimerHz (refreshRateHz);
}

ScopeView::~ScopeView()
{
    stopTimer();
}

void ScopeView::timerCallback()
{
    refresh();
}

void ScopeView::refresh()
{
    const auto now = juce::Time::getMillisecondCounterHiRes() / 1000.0;
    const auto isNew = backend.getLatestScopeFrame (incoming) && incoming.timestampMicros != frame.timestampMicros;

    if (isNew)
    {
        frame = incoming;
        lastFrameSeconds = now;
    }

    const auto wasReceiving = receiving;
    receiving = lastFrameSeconds > 0.0 && now - lastFrameSeconds < MeterPanel::silenceAfterSeconds;

    if (isNew || receiving != wasReceiving)
        repaint();
}

juce::Path ScopeView::makeTrace (const std::array<float, ScopeFrame::numPoints>& points, juce::Rectangle<float> area) const
{
    juce::Path trace;
    const auto step = area.getWidth() / (float) (ScopeFrame::numPoints - 1);
    const auto yOf = [&] (float sample)
    {
        const auto clamped = std::isfinite (sample) ? juce::jlimit (-1.0f, 1.0f, sample) : 0.0f;
        return area.getCentreY() - clamped * area.getHeight() * 0.5f;
    };

    trace.preallocateSpace (ScopeFrame::numPoints * 3);
    trace.startNewSubPath (area.getX(), yOf (points[0]));

    for (int i = 1; i < ScopeFrame::numPoints; ++i)
        trace.lineTo (area.getX() + step * (float) i, yOf (points[(size_t) i]));

    return trace;
}

void ScopeView::paint (juce::Graphics& g)
{
    const auto bounds = getLocalBounds().toFloat();
    g.fillAll (juce::Colour (0xff101215));
    g.setColour (juce::Colours::white.withAlpha (0.12f));
    g.drawHorizontalLine (juce::roundToInt (bounds.getCentreY()), bounds.getX(), bounds.getRight());

    const auto note = ! receiving ? "No audio" : frame.noSignal ? "No signal"
                                                                : nullptr;

    if (receiving && ! frame.noSignal)
    {
        const auto area = bounds.reduced (4.0f);
        // Left drawn last: with a mono signal it is the one seen.
        g.setColour (juce::Colour (0xffffb74d).withAlpha (0.8f));
        g.strokePath (makeTrace (frame.right, area), juce::PathStrokeType (1.0f));
        g.setColour (juce::Colour (0xff4fc3f7));
        g.strokePath (makeTrace (frame.left, area), juce::PathStrokeType (1.3f));
    }

    g.setFont (12.0f);
    g.setColour (juce::Colour (0xff4fc3f7).withAlpha (0.8f));
    g.drawText ("L", 8, 4, 20, 14, juce::Justification::left);
    g.setColour (juce::Colour (0xffffb74d).withAlpha (0.7f));
    g.drawText ("R", 22, 4, 20, 14, juce::Justification::left);

    if (note != nullptr)
    {
        g.setColour (juce::Colours::orange);
        g.setFont (juce::Font (14.0f, juce::Font::bold));
        g.drawText (note, getLocalBounds(), juce::Justification::centred);
    }
}

} // namespace wavecraft
