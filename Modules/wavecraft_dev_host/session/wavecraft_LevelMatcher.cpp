namespace wavecraft
{

LevelMatcher::LevelMatcher (const MeterTap& tap, GainRamp& gainToSet)
    : reader (tap),
      gain (gainToSet)
{
    startTimerHz (20);
}

LevelMatcher::~LevelMatcher()
{
    stopTimer();
    gain.setTarget (1.0f);
}

void LevelMatcher::Level::add (juce::int64 nanos, double meanSquare)
{
    frames.emplace_back (nanos, meanSquare);

    while (! frames.empty() && frames.front().first < nanos - (juce::int64) (windowSeconds * 1.0e9))
        frames.pop_front();
}

std::optional<double> LevelMatcher::Level::meanSquare() const
{
    // Known once it spans (nearly) the whole second.
    if (frames.size() < 2 || frames.back().first - frames.front().first < (juce::int64) (0.9 * windowSeconds * 1.0e9))
        return std::nullopt;

    auto sum = 0.0;

    for (const auto& frame : frames)
        sum += frame.second;

    return sum / (double) frames.size();
}

void LevelMatcher::setEnabled (bool shouldMatch)
{
    enabled = shouldMatch;
    applyGain();
}

void LevelMatcher::setPreviousHeard (bool isPreviousHeard)
{
    update(); // what played so far belongs to the build heard until now
    previousHeard = isPreviousHeard;
    skipTransition();
    applyGain();
}

void LevelMatcher::buildReplaced()
{
    update();
    previous = std::exchange (newest, Level {});
    previousHeard = false;
    skipTransition();
    applyGain();
}

void LevelMatcher::update()
{
    // Frames are measured after the gain: divided by it, they are the build's own level.
    const auto applied = juce::jmax (1.0e-6, (double) gain.getTarget());
    auto& heard = previousHeard ? previous : newest;
    reader.readNew ([&] (const MeterFrame& frame)
                    {
                        if (frame.timestampNanos < transitionEndNanos)
                            return;

                        const auto meanSquare = 0.5 * (juce::square ((double) frame.rmsLeft) + juce::square ((double) frame.rmsRight));
                        heard.add (frame.timestampNanos, meanSquare / juce::square (applied)); });
    applyGain();
}

std::optional<float> LevelMatcher::getMatchDb() const
{
    const auto newestLevel = newest.meanSquare(), previousLevel = previous.meanSquare();
    constexpr auto silent = 1.0e-9; // -90 dBFS

    if (! newestLevel.has_value() || ! previousLevel.has_value() || *newestLevel < silent || *previousLevel < silent)
        return std::nullopt;

    return juce::jlimit (-24.0f, 24.0f, (float) (10.0 * std::log10 (*newestLevel / *previousLevel)));
}

void LevelMatcher::skipTransition()
{
    // The cross-fade, and a new build's first blocks (a worker's answers
    // may come late at first), are neither build's level.
    transitionEndNanos = getMonotonicNanos() + (juce::int64) (transitionSeconds * 1.0e9);
}

void LevelMatcher::applyGain()
{
    const auto match = getMatchDb();
    gain.setTarget (enabled && previousHeard && match.has_value() ? juce::Decibels::decibelsToGain (*match) : 1.0f);
}

} // namespace wavecraft
