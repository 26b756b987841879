namespace wavecraft
{

namespace
{
    juce::String describeTimes (const RealtimeViolation& violation, juce::int64 nowNanos)
    {
        const auto seconds = [] (juce::int64 nanos)
        { return juce::String ((double) nanos * 1.0e-9, 1) + " s"; };

        auto line = juce::String ((juce::int64) violation.count) + (violation.count == 1 ? " time" : " times");
        const auto span = violation.lastSeenNanos - violation.firstSeenNanos;

        if (violation.count > 1 && span > 0)
            line << " (" << juce::roundToInt ((double) (violation.count - 1) * 1.0e9 / (double) span) << " a second)";

        line << ", first " << seconds (nowNanos - violation.firstSeenNanos) << " ago";
        return line;
    }

    juce::String describeFrame (const StackFrame& frame)
    {
        return "    at " + StackSymbolizer::describe (frame) + " in " + frame.library;
    }
} // namespace

RealtimeReportPanel::RealtimeReportPanel (HostSession& sessionToShow)
    : session (sessionToShow)
{
    heading.setFont (juce::Font (15.0f, juce::Font::bold));
    addAndMakeVisible (heading);

    text.setMultiLine (true);
    text.setReadOnly (true);
    text.setScrollbarsShown (true);
    text.setCaretVisible (false);
    text.setFont (juce::Font (juce::Font::getDefaultMonospacedFontName(), 13.0f, juce::Font::plain));
    addAndMakeVisible (text);

    session.addListener (this);
    refresh();
    startTimerHz (2);
}

RealtimeReportPanel::~RealtimeReportPanel()
{
    session.removeListener (this);
}

juce::String RealtimeReportPanel::describe (const PluginReport& report, juce::int64 nowNanos)
{
    juce::String result;

    if (const auto& check = report.buildCheck; check.build > 0)
    {
        result << "Quick check of build " << check.build << ", in the background: " << check.passed << " passed, " << check.warned
               << " warned, " << check.failed << " failed" << juce::newLine;

        for (const auto& problem : check.newProblems)
            result << "    " << (check.comparedWithPrevious ? "new in this build: " : "") << problem << juce::newLine;

        result << juce::newLine;
    }

    for (const auto& violation : report.violations)
    {
        result << RealtimeReport::describe (violation) << juce::newLine << "    " << describeTimes (violation, nowNanos) << juce::newLine;

        for (const auto& frame : violation.stack)
            result << describeFrame (frame) << juce::newLine;

        result << juce::newLine;
    }

    return result;
}

void RealtimeReportPanel::refresh()
{
    const auto report = session.getPluginReport();
    const auto places = (int) report.violations.size();

    if (! report.watched)
        heading.setText ("Not watched: the plugin runs in this process (run it in its own, the default, to have its audio thread watched)",
                         juce::dontSendNotification);
    else if (places == 0)
        heading.setText ("Build " + juce::String (report.build) + ": no allocation, lock or system call on the audio thread so far",
                         juce::dontSendNotification);
    else
        heading.setText ("Build " + juce::String (report.build) + ": " + juce::String (places)
                             + (places == 1 ? " place breaks" : " places break") + " a real-time rule",
                         juce::dontSendNotification);

    // Not while some of it is selected: the developer may be copying it.
    const auto shown = describe (report, getMonotonicNanos());

    if (shown != text.getText() && text.getHighlightedRegion().isEmpty())
        text.setText (shown, false);

    if (std::exchange (numPlaces, places) != places && onPlacesChanged != nullptr)
        onPlacesChanged (places);
}

void RealtimeReportPanel::paint (juce::Graphics& g)
{
    // Its own background: the tab's colour (amber while there are places) is for the tab alone.
    g.fillAll (findColour (juce::ResizableWindow::backgroundColourId));
}

void RealtimeReportPanel::resized()
{
    auto area = getLocalBounds().reduced (10);
    heading.setBounds (area.removeFromTop (28));
    area.removeFromTop (6);
    text.setBounds (area);
}

} // namespace wavecraft
