namespace wavecraft
{

/** What the checks of one validation share: the plugin, how its workers
    start, whether the run is quick, and what every worker's real-time
    monitor found, merged by place (the realtime.* and buffers.* checks
    read it at the end).

    [the validating thread]
    @see PluginValidator
*/
class ValidationContext
{
public:
    ValidationContext (juce::File plugin, IsolatedPluginInstance::Options workerOptions, bool quick);

    const juce::File& getPlugin() const noexcept { return plugin; }
    bool isQuick() const noexcept { return quick; }

    /** A new worker for a check; null when it didn't load (getLoadError() says why). */
    std::unique_ptr<PluginUnderTest> open();

    /** Why the last open() failed: the loader's message and hint. */
    const juce::String& getLoadError() const noexcept { return loadError; }

    /** A check's failure when its worker didn't load. */
    ValidationCheck failToLoad() const { return ValidationCheck::fail ("didn't load: " + loadError); }

    /** Every place any worker broke a rule, counted over all of them. */
    const std::vector<RealtimeViolation>& getViolations() const noexcept { return violations; }

    /** Whether every worker's monitor watched, and how many did. */
    bool wasWatched() const noexcept { return numWatched > 0 && numWatched == numOpened; }

    /** How much audio the checks played through the plugin, all workers together. */
    double getSecondsPlayed() const noexcept { return secondsPlayed; }

private:
    void collect (const PluginUnderTest::Findings& findings);

    juce::File plugin;
    IsolatedPluginInstance::Options workerOptions;
    bool quick;
    std::vector<RealtimeViolation> violations;
    juce::String loadError;
    int numOpened = 0, numWatched = 0;
    double secondsPlayed = 0.0;
};

} // namespace wavecraft
