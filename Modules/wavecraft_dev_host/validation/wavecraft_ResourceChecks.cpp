namespace wavecraft
{

namespace
{
    double millisecondsSince (double start)
    {
        return juce::Time::getMillisecondCounterHiRes() - start;
    }

    juce::int64 median (std::vector<juce::int64> values)
    {
        if (values.empty())
            return 0;

        std::nth_element (values.begin(), values.begin() + (std::ptrdiff_t) values.size() / 2, values.end());
        return values[values.size() / 2];
    }

    /** The median round trip of a block of `blockSize` over `audio`; -1 and `error` when the play failed. */
    juce::int64 timeBlocks (PluginUnderTest& plugin, juce::AudioBuffer<float> audio, int blockSize, juce::String& error)
    {
        std::vector<juce::int64> nanos;
        const auto values = plugin.getDefaultValues();
        const auto result = plugin.process (
            audio, [&] (int, std::vector<float>& blockValues)
            {
                blockValues = values;
                return blockSize; },
            &nanos);

        if (result.failed())
        {
            error = result.getErrorMessage();
            return -1;
        }

        return median (std::move (nanos));
    }

    juce::String describeBytes (juce::int64 bytes)
    {
        return std::abs (bytes) < 10 * 1024 ? juce::String (bytes) + " bytes" : juce::String ((double) bytes / 1024.0, 1) + " KiB";
    }
} // namespace

ValidationCheck ResourceChecks::coldLoad (ValidationContext& context, PluginInfo& info)
{
    const auto start = juce::Time::getMillisecondCounterHiRes();
    auto plugin = context.open();

    if (plugin == nullptr)
        return ValidationCheck::fail (context.getLoadError());

    info = plugin->getInfo();
    return ValidationCheck::pass ("loaded in " + juce::String (millisecondsSince (start), 1) + " ms in a worker of its own: "
                                  + info.describeKind() + ", " + countOf ((juce::int64) info.parameters.size(), "parameter", "parameters"));
}

ValidationCheck ResourceChecks::warmLoad (ValidationContext& context)
{
    const auto start = juce::Time::getMillisecondCounterHiRes();
    auto plugin = context.open();

    if (plugin == nullptr)
        return ValidationCheck::fail ("loaded once, but not again: " + context.getLoadError());

    const auto milliseconds = millisecondsSince (start);
    const auto detail = "loaded again in " + juce::String (milliseconds, 1) + " ms";

    // What a user waits for each time the DAW makes the plugin.
    return milliseconds > 500.0 ? ValidationCheck::warn (detail + ": a plugin should load in well under half a second")
                                : ValidationCheck::pass (detail);
}

ValidationCheck ResourceChecks::parameterSpecs (const PluginInfo& info)
{
    // The loader refuses a params JSON that breaks these rules, so they hold
    // here; said again for the record, and checked in case that changes.
    std::set<juce::String> ids;

    for (const auto& spec : info.parameters)
    {
        if (! ids.insert (spec.id).second)
            return ValidationCheck::fail ("the id '" + spec.id + "' is declared twice: each parameter needs its own");

        if (spec.checkValue (spec.defaultValue).failed())
            return ValidationCheck::fail (spec.id + "'s default " + juce::String (spec.defaultValue) + " is outside its range: "
                                          + spec.describeAcceptedValues());

        if (spec.type == ParameterType::enumType && ! spec.variants.isEmpty() && spec.variants.size() != spec.getNumSteps())
            return ValidationCheck::fail (spec.id + " has " + juce::String (spec.variants.size()) + " variant names for "
                                          + juce::String (spec.getNumSteps()) + " values");
    }

    return ValidationCheck::pass (countOf ((juce::int64) info.parameters.size(), "parameter", "parameters")
                                  + ": ids unique, defaults in range, enum variants matching their ranges");
}

ValidationCheck ResourceChecks::createAndDrop (ValidationContext& context)
{
    constexpr int warmUpCycles = 10;
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    std::optional<IsolatedPluginInstance::WorkerFootprint> first, last;

    // The first cycles may fill caches that stay (the C library's, the
    // plugin's own statics): growth is counted after them.
    for (int cycle = 1; cycle <= createDropCycles; ++cycle)
    {
        juce::String error;
        auto footprint = plugin->recreate (error);

        if (! footprint.has_value())
            return ValidationCheck::fail ("in create/drop cycle " + juce::String (cycle) + ": " + error);

        (cycle == warmUpCycles ? first : last) = footprint;
    }

    const auto cycles = createDropCycles - warmUpCycles;
    const auto heapGrowth = (juce::int64) last->heapBytes - (juce::int64) first->heapBytes;
    const auto fileGrowth = last->openFiles - first->openFiles;

    if (fileGrowth > 0)
        return ValidationCheck::fail (countOf (fileGrowth, "more file", "more files") + " open after " + juce::String (cycles)
                                      + " more create/drop cycles: drop() must close what create() opened");

    if (first->heapBytes == 0 && last->heapBytes == 0)
        return ValidationCheck::pass (juce::String (createDropCycles) + " create/drop cycles: " + countOf (last->openFiles, "open file", "open files")
                                      + " steady (heap use is not measured with this C library)");

    // JUCE's VST3 and LV2 hosting keeps some memory of its own per instance
    // (about 0.6 KiB for an LV2 that frees all it takes, the test plugin
    // Tests/plugins/lv2): a plugin's own leak under that can't be told apart.
    const auto isHostedFormat = plugin->getInfo().isBundle();
    const auto hostedFormat = plugin->getInfo().describeKind();
    const auto allowance = isHostedFormat ? hostingBytesPerCycle : 64;

    if (heapGrowth > allowance * cycles)
        return ValidationCheck::fail ("create/drop leaks about " + describeBytes (heapGrowth / cycles) + " a cycle ("
                                      + describeBytes (heapGrowth) + " over " + juce::String (cycles)
                                      + " cycles): drop() must free what create() allocated");

    if (isHostedFormat && heapGrowth > 64 * cycles)
        return ValidationCheck::pass (juce::String (createDropCycles) + " create/drop cycles: heap use grew " + describeBytes (heapGrowth / cycles)
                                      + " a cycle, within what JUCE's " + hostedFormat + " hosting keeps per instance (up to "
                                      + describeBytes (hostingBytesPerCycle) + "), so a smaller leak of the plugin's can't be told; "
                                      + countOf (last->openFiles, "open file", "open files") + " steady");

    return ValidationCheck::pass (juce::String (createDropCycles) + " create/drop cycles: heap use steady ("
                                  + (heapGrowth >= 0 ? "+" : "") + describeBytes (heapGrowth) + " over the last " + juce::String (cycles)
                                  + " cycles), " + countOf (last->openFiles, "open file", "open files") + " steady");
}

ValidationCheck ResourceChecks::cpuBudget (ValidationContext& context)
{
    constexpr double rate = 48000.0;
    constexpr int blockSize = 128;
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    plugin->prepare (rate);
    const auto audio = TestSignal::make (TestSignal::Kind::noise, rate, 2 * (int) rate);
    juce::String error;
    const auto nanos = timeBlocks (*plugin, audio, blockSize, error);

    if (nanos < 0)
        return ValidationCheck::fail (error);

    const auto budgetMicros = 1.0e6 * blockSize / rate;
    const auto micros = (double) nanos / 1000.0;
    const auto share = micros / budgetMicros;
    const auto detail = "median " + juce::String (micros, 1) + " us per " + juce::String (blockSize) + "-frame block at 48 kHz (the round trip to its worker included): "
        + juce::String (100.0 * share, 1) + "% of its real-time budget of " + juce::String (juce::roundToInt (budgetMicros)) + " us";

    return share > 0.5 ? ValidationCheck::warn (detail + "; a DAW plays many plugins in that time") : ValidationCheck::pass (detail);
}

ValidationCheck ResourceChecks::denormalSlowdown (ValidationContext& context)
{
    constexpr double rate = 48000.0;
    constexpr int blockSize = 512, rounds = 3;
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    // Noise at a denormal level: every sample the plugin multiplies, and
    // its filters' state, stay denormal. Rounds alternate, for fairness.
    const auto normal = TestSignal::make (TestSignal::Kind::noise, rate, (int) rate / 2);
    auto tiny = normal;
    tiny.applyGain (1.0e-38f);
    juce::int64 normalNanos = std::numeric_limits<juce::int64>::max(), tinyNanos = normalNanos;
    plugin->prepare (rate);

    for (int round = 0; round < rounds; ++round)
    {
        using Timed = std::pair<const juce::AudioBuffer<float>*, juce::int64*>;

        for (const auto& [input, best] : { Timed { &normal, &normalNanos }, Timed { &tiny, &tinyNanos } })
        {
            plugin->reset();
            juce::String error;
            const auto nanos = timeBlocks (*plugin, *input, blockSize, error);

            if (nanos < 0)
                return ValidationCheck::fail (error);

            *best = juce::jmin (*best, nanos);
        }
    }

    const auto ratio = (double) tinyNanos / (double) juce::jmax ((juce::int64) 1, normalNanos);
    const auto detail = "denormal input takes " + juce::String (ratio, 2) + "x the time of normal input per " + juce::String (blockSize)
        + "-frame block (" + juce::String ((double) tinyNanos / 1000.0, 1) + " against " + juce::String ((double) normalNanos / 1000.0, 1) + " us)";

    if (ratio >= 2.0)
        return ValidationCheck::warn (detail + ": set flush-to-zero (juce::ScopedNoDenormals, or the FTZ/DAZ bits) in process()");

    if (ratio >= 1.2)
        return ValidationCheck::pass (detail + "; note: flush-to-zero in process() would remove it");

    return ValidationCheck::pass (detail);
}

} // namespace wavecraft
