namespace wavecraft
{

std::unique_ptr<PluginUnderTest> PluginUnderTest::load (const juce::File& file, const IsolatedPluginInstance::Options& options,
                                                        FindingsCallback onEnd, juce::String& error)
{
    std::unique_ptr<PluginUnderTest> plugin (new PluginUnderTest());
    plugin->file = file;
    plugin->onEnd = std::move (onEnd);
    auto workerOptions = options;
    auto* raw = plugin.get();
    workerOptions.onFault = [raw] (const PluginFault& fault)
    {
        const std::lock_guard<std::mutex> lock (raw->faultLock);
        raw->fault = fault.describe();
    };
    workerOptions.onRealtimeViolation = [] (const RealtimeReport::Violation&) {}; // read at the end of each check
    workerOptions.answerBudget = 1.0e6;                                           // offline: deadlines are set per block

    PluginLoadError loadError;
    plugin->instance = IsolatedPluginInstance::load (file, workerOptions, loadError);

    if (plugin->instance == nullptr)
    {
        error = loadError.describe();
        return nullptr;
    }

    return plugin;
}

PluginUnderTest::~PluginUnderTest()
{
    if (onEnd != nullptr && instance != nullptr)
        onEnd ({ readViolations(), isWatched(), secondsPlayed });

    instance.reset();
}

std::vector<float> PluginUnderTest::getDefaultValues() const
{
    std::vector<float> values;

    for (const auto& spec : getInfo().parameters)
        values.push_back (spec.defaultValue);

    return values;
}

void PluginUnderTest::prepare (double rate)
{
    sampleRate = rate;
    instance->setSampleRate (rate);
    instance->reset();
}

void PluginUnderTest::reset()
{
    instance->reset();
}

juce::Result PluginUnderTest::describeEnd (const juce::String& fallback)
{
    // The supervisor tells of the end on its own thread, a moment after.
    for (int i = 0; i < 200; ++i)
    {
        {
            const std::lock_guard<std::mutex> lock (faultLock);

            if (fault.isNotEmpty())
                return juce::Result::fail (fault);
        }

        if (! instance->hasExited())
            break;

        std::this_thread::sleep_for (std::chrono::milliseconds (5));
    }

    return juce::Result::fail (fallback);
}

juce::Result PluginUnderTest::process (juce::AudioBuffer<float>& audio, const BlockPlan& plan, std::vector<juce::int64>* blockNanos)
{
    auto values = getDefaultValues();
    std::array<float*, 2> channels {};

    for (int start = 0; start < audio.getNumSamples();)
    {
        const auto length = juce::jlimit (1, audio.getNumSamples() - start, plan (start, values));

        for (int channel = 0; channel < 2; ++channel)
            channels[(size_t) channel] = audio.getWritePointer (channel, start);

        const auto before = getMonotonicNanos();
        instance->setAnswerDeadline (before + (juce::int64) (hangSeconds * 1.0e9));
        const auto result = instance->process (channels.data(), length, values.data(), values.size());

        if (blockNanos != nullptr)
            blockNanos->push_back (getMonotonicNanos() - before);

        if (result == PluginInstance::BlockResult::ended)
            return describeEnd (file.getFileName() + " ended in process()");

        if (result != PluginInstance::BlockResult::processed)
        {
            const auto call = juce::String (instance->getCallInProgress() != nullptr ? instance->getCallInProgress() : "process");
            instance->stopWhileHung();
            return juce::Result::fail (call + "() did not return within " + juce::String (hangSeconds, 0) + " s, on the block of "
                                       + countOf (length, "frame", "frames") + " at frame " + juce::String (start) + ": it hangs");
        }

        start += length;
        secondsPlayed += length / sampleRate;
    }

    return juce::Result::ok();
}

juce::Result PluginUnderTest::process (juce::AudioBuffer<float>& audio, int blockSize, const std::vector<float>& values)
{
    return process (audio, [blockSize, &values] (int, std::vector<float>& blockValues)
                    {
                        blockValues = values;
                        return blockSize; });
}

std::optional<IsolatedPluginInstance::WorkerFootprint> PluginUnderTest::recreate (juce::String& error)
{
    const auto footprint = instance->recreateProcessor ((int) (hangSeconds * 1000.0));

    if (! footprint.has_value())
        error = instance->hasExited() ? describeEnd (file.getFileName() + " ended in drop() or create()").getErrorMessage()
                                      : "drop() or create() did not return within " + juce::String (hangSeconds, 0) + " s: it hangs";
    else if (! footprint->created)
        error = "create() returned NULL after a drop()";

    return footprint.has_value() && footprint->created ? footprint : std::nullopt;
}

std::vector<RealtimeViolation> PluginUnderTest::readViolations()
{
    instance->readRealtimeFindings();
    return instance->getRealtimeViolations();
}

} // namespace wavecraft
