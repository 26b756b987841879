namespace wavecraft
{

namespace
{
    const auto magnitudeColour = juce::Colour (0xff4fc3f7), phaseColour = juce::Colour (0xffce93d8);

    /** A range that holds the curves with room, in steps of 6 dB, at least 36 dB tall. */
    std::pair<double, double> dbRangeOf (const std::vector<const ResponseCurve*>& curves)
    {
        auto highest = -std::numeric_limits<double>::infinity(), lowest = std::numeric_limits<double>::infinity();

        for (const auto* curve : curves)
            for (auto db : curve->magnitudeDb)
                if (db > FrequencyResponse::floorDb)
                    highest = juce::jmax (highest, db), lowest = juce::jmin (lowest, db);

        if (! std::isfinite (highest))
            return { 12.0, -48.0 };

        const auto top = 6.0 * std::ceil ((highest + 3.0) / 6.0);
        const auto span = juce::jlimit (36.0, 120.0, 6.0 * std::ceil ((top - lowest + 3.0) / 6.0));
        return { top, top - span };
    }

    juce::String describeThd (const std::optional<double>& percent)
    {
        if (! percent.has_value())
            return "n/a (no 1 kHz out)";

        if (*percent < 0.0001)
            return "< 0.0001%";

        // Three significant digits, however small.
        const auto decimals = juce::jlimit (0, 6, 2 - (int) std::floor (std::log10 (*percent)));
        return juce::String (*percent, decimals) + "%";
    }
} // namespace

ResponseView::ResponseView (ResponseMeasurer* measurerToShow)
    : measurer (measurerToShow)
{
    setOpaque (true);
    startTimerHz (refreshRateHz);
}

ResponseView::~ResponseView()
{
    stopTimer();

    if (measurer != nullptr && measuringContinuously)
        measurer->setContinuous (false);
}

void ResponseView::timerCallback()
{
    refresh();
}

void ResponseView::refresh()
{
    if (measurer == nullptr)
        return;

    // Measured as it changes only while someone looks.
    if (isShowing() != measuringContinuously)
        measurer->setContinuous (measuringContinuously = isShowing());

    const auto latest = measurer->getLatest();
    const auto before = measurer->getPreviousBuilds();
    const auto newError = measurer->getLastError();

    if (latest == shown && before == previous && newError == error)
        return;

    shown = latest;
    previous = before;
    error = newError;
    curve = shown != nullptr ? shown->sample (numPoints) : ResponseCurve();
    previousCurve = previous != nullptr ? previous->sample (numPoints) : ResponseCurve();
    repaint();
}

juce::String ResponseView::getSummary() const
{
    if (measurer == nullptr)
        return "the response is measured in a plugin worker, and this app starts none";

    if (error.isNotEmpty())
        return error;

    if (shown == nullptr)
        return measurer->hasBuild() ? "measuring..." : "no plugin is running";

    auto summary = "build " + juce::String (shown->build) + ": latency " + juce::String (shown->latencySamples) + " samples, THD "
        + describeThd (shown->thdPercent) + " at 1 kHz, -6 dBFS";

    if (previous != nullptr)
        summary << " (grey: build " << previous->build << ")";

    return summary;
}

void ResponseView::paint (juce::Graphics& g)
{
    g.fillAll (juce::Colour (0xff101215));
    auto area = getLocalBounds().toFloat().reduced (4.0f);
    g.setFont (13.0f);
    g.setColour (error.isNotEmpty() ? juce::Colours::orange : juce::Colours::white.withAlpha (0.85f));
    g.drawFittedText ("Response: " + getSummary(), area.removeFromTop (error.isNotEmpty() ? 32.0f : 18.0f).toNearestInt(),
                      juce::Justification::topLeft, 2); // a crash's description takes two lines
    paintMagnitude (g, area.removeFromTop (area.getHeight() * 0.68f));
    paintPhase (g, area.withTrimmedTop (4.0f));
}

void ResponseView::paintMagnitude (juce::Graphics& g, juce::Rectangle<float> area) const
{
    FrequencyGrid grid;
    grid.area = area;
    std::vector<const ResponseCurve*> curves { &curve };

    if (previous != nullptr)
        curves.push_back (&previousCurve);

    std::tie (grid.topDb, grid.bottomDb) = dbRangeOf (curves);
    grid.draw (g, (grid.topDb - grid.bottomDb) > 60.0 ? 12.0 : 6.0, juce::Colours::white);

    if (previous != nullptr)
    {
        g.setColour (juce::Colours::grey.withAlpha (0.8f));
        g.strokePath (grid.makeTrace (previousCurve.frequenciesHz, previousCurve.magnitudeDb), juce::PathStrokeType (1.5f));
    }

    if (shown != nullptr)
    {
        g.setColour (magnitudeColour);
        g.strokePath (grid.makeTrace (curve.frequenciesHz, curve.magnitudeDb), juce::PathStrokeType (2.0f));
    }
}

void ResponseView::paintPhase (juce::Graphics& g, juce::Rectangle<float> area) const
{
    FrequencyGrid grid;
    grid.area = area;
    grid.topDb = 180.0;
    grid.bottomDb = -180.0;
    g.setColour (juce::Colours::white.withAlpha (0.18f));

    for (auto degrees : { -90.0, 0.0, 90.0 })
        g.drawHorizontalLine (juce::roundToInt (grid.yOf (degrees)), area.getX(), area.getRight());

    g.setFont (11.0f);
    g.setColour (phaseColour.withAlpha (0.8f));
    g.drawText ("phase, +-180 degrees (latency taken out)", area.reduced (2.0f).removeFromTop (13.0f), juce::Justification::left);

    if (shown == nullptr)
        return;

    // Wrapped at +-180: a jump of more than half a turn starts a new piece.
    juce::Path trace;

    for (size_t i = 0; i < curve.frequenciesHz.size(); ++i)
    {
        const juce::Point<float> point (grid.xOf (curve.frequenciesHz[i]), grid.yOf (curve.phaseDeg[i]));

        if (i == 0 || std::abs (curve.phaseDeg[i] - curve.phaseDeg[i - 1]) > 180.0)
            trace.startNewSubPath (point);
        else
            trace.lineTo (point);
    }

    g.strokePath (trace, juce::PathStrokeType (1.3f));
}

} // namespace wavecraft
