namespace wavecraft
{

float FrequencyGrid::xOf (double hz) const
{
    const auto position = std::log (juce::jmax (hz, 1.0) / lowHz) / std::log (highHz / lowHz);
    return area.getX() + (float) position * area.getWidth();
}

float FrequencyGrid::yOf (double db) const
{
    const auto position = (topDb - db) / (topDb - bottomDb);
    return area.getY() + (float) juce::jlimit (0.0, 1.0, position) * area.getHeight();
}

void FrequencyGrid::draw (juce::Graphics& g, double dbStep, juce::Colour colour) const
{
    g.setFont (11.0f);

    for (auto hz : { 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0, 20000.0 })
    {
        if (hz < lowHz || hz > highHz)
            continue;

        const auto x = xOf (hz);
        g.setColour (colour.withAlpha (0.18f));
        g.drawVerticalLine (juce::roundToInt (x), area.getY(), area.getBottom());
        if (x > area.getRight() - 24.0f)
            continue; // no room for its label

        g.setColour (colour.withAlpha (0.6f));
        const auto label = hz >= 1000.0 ? juce::String (hz / 1000.0) + "k" : juce::String (hz);
        g.drawText (label, juce::Rectangle<float> (x + 2.0f, area.getBottom() - 14.0f, 40.0f, 14.0f), juce::Justification::left);
    }

    for (auto db = std::floor (topDb / dbStep) * dbStep; db >= bottomDb; db -= dbStep)
    {
        const auto y = yOf (db);
        g.setColour (colour.withAlpha (0.18f));
        g.drawHorizontalLine (juce::roundToInt (y), area.getX(), area.getRight());
        g.setColour (colour.withAlpha (0.6f));
        // At the right end, clear of the frequencies' labels along the bottom.
        if (y < area.getBottom() - 14.0f)
            g.drawText (juce::String ((int) db) + " dB", juce::Rectangle<float> (area.getRight() - 62.0f, y + 1.0f, 60.0f, 12.0f),
                        juce::Justification::right);
    }
}

juce::Path FrequencyGrid::makeTrace (const std::vector<double>& frequenciesHz, const std::vector<double>& levelsDb) const
{
    juce::Path trace;
    auto started = false;

    for (size_t i = 0; i < frequenciesHz.size() && i < levelsDb.size(); ++i)
    {
        if (frequenciesHz[i] < lowHz || frequenciesHz[i] > highHz)
            continue;

        const juce::Point<float> point (xOf (frequenciesHz[i]), yOf (levelsDb[i]));

        if (! started)
            trace.startNewSubPath (point);
        else
            trace.lineTo (point);

        started = true;
    }

    return trace;
}

juce::Path FrequencyGrid::makeTrace (const std::vector<double>& frequenciesHz, const std::vector<float>& levelsDb) const
{
    return makeTrace (frequenciesHz, std::vector<double> (levelsDb.begin(), levelsDb.end()));
}

std::vector<double> FrequencyGrid::makeFrequencies (int points) const
{
    std::vector<double> frequencies;

    for (int i = 0; i < points; ++i)
        frequencies.push_back (lowHz * std::pow (highHz / lowHz, (double) i / (points - 1)));

    return frequencies;
}

} // namespace wavecraft
