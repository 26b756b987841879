namespace wavecraft
{

namespace
{
    using Kind = TestSignal::Kind;

    /** A check's failure, from what went wrong while playing: a crash, a
        hang or a NaN, said `where`; none when the output is finite.
    */
    std::optional<ValidationCheck> play (PluginUnderTest& plugin, juce::AudioBuffer<float>& audio,
                                         const PluginUnderTest::BlockPlan& plan, const juce::String& where)
    {
        const auto result = plugin.process (audio, plan);

        if (result.failed())
            return ValidationCheck::fail (where + ": " + result.getErrorMessage());

        if (const auto bad = TestSignal::findNonFinite (audio))
            return ValidationCheck::fail (where + ": " + TestSignal::describeNonFinite (*bad) + " in the output");

        return std::nullopt;
    }

    PluginUnderTest::BlockPlan inBlocksOf (int blockSize, std::vector<float> values)
    {
        return [blockSize, values = std::move (values)] (int, std::vector<float>& blockValues)
        {
            blockValues = values;
            return blockSize;
        };
    }

    juce::String listOf (const std::vector<int>& numbers)
    {
        juce::StringArray items;

        for (const auto number : numbers)
            items.add (juce::String (number));

        return items.joinIntoString (", ");
    }

    juce::String describeValue (const ParameterSpec& spec, float value)
    {
        const auto variant = spec.getVariantName ((int) value);
        return variant.isNotEmpty() ? variant : juce::String (value, 6).trimCharactersAtEnd ("0").trimCharactersAtEnd (".");
    }

    /** A random value the parameter can take: a whole one for a bool or an enum. */
    float pickValue (const ParameterSpec& spec, juce::Random& random)
    {
        const auto value = spec.minValue + random.nextFloat() * (spec.maxValue - spec.minValue);
        return spec.getNumSteps() > 0 ? (float) juce::jlimit ((int) spec.minValue, (int) spec.maxValue, juce::roundToInt (value)) : value;
    }

    /** Plays the same input twice in one worker, reset in between by
        `between`, and how the two outputs differ.
    */
    std::optional<ValidationCheck> playTwice (ValidationContext& context, const juce::AudioBuffer<float>& input,
                                              const PluginUnderTest::BlockPlan& first, const PluginUnderTest::BlockPlan& second,
                                              const std::function<juce::Result (PluginUnderTest&)>& between, TestSignal::Residue& residue)
    {
        auto plugin = context.open();

        if (plugin == nullptr)
            return context.failToLoad();

        plugin->prepare (AudioChecks::sampleRate);
        auto once = input, again = input;

        if (auto failed = play (*plugin, once, first, "the first time"))
            return failed;

        if (const auto result = between (*plugin); result.failed())
            return ValidationCheck::fail ("in between: " + result.getErrorMessage());

        if (auto failed = play (*plugin, again, second, "the second time"))
            return failed;

        residue = TestSignal::compare (once, again);
        return std::nullopt;
    }

    /** Whether a residue is small enough to call two outputs the same. */
    bool isInaudible (const TestSignal::Residue& residue)
    {
        return residue.peak <= juce::Decibels::decibelsToGain (-120.0f, -400.0f);
    }
} // namespace

ValidationCheck AudioChecks::sampleRates (ValidationContext& context)
{
    const auto rates = context.isQuick() ? std::vector<int> { 44100, 48000, 96000 }
                                         : std::vector<int> { 8000, 11025, 22050, 32000, 44100, 48000, 88200, 96000, 176400, 192000, 384000 };
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    for (const auto rate : rates)
    {
        plugin->prepare (rate);
        auto audio = TestSignal::make (Kind::noise, rate, rate / 10);

        if (auto failed = play (*plugin, audio, inBlocksOf (512, plugin->getDefaultValues()), "at " + juce::String (rate) + " Hz"))
            return *failed;
    }

    return ValidationCheck::pass ("finite output at " + listOf (rates) + " Hz");
}

ValidationCheck AudioChecks::fixedBlockSizes (ValidationContext& context)
{
    const auto sizes = context.isQuick() ? std::vector<int> { 1, 7, 128, 4096 } : std::vector<int> { 1, 2, 3, 7, 64, 127, 128, 512, 1000, 4096, 8192 };
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    for (const auto size : sizes)
    {
        plugin->prepare (sampleRate);
        // Few frames for the tiny blocks: each is a round trip to the worker.
        auto audio = TestSignal::make (Kind::noise, sampleRate, juce::jmax (4 * size, juce::jmin (4800, 256 * size)));

        if (auto failed = play (*plugin, audio, inBlocksOf (size, plugin->getDefaultValues()), "in blocks of " + countOf (size, "frame", "frames")))
            return *failed;
    }

    return ValidationCheck::pass ("finite output in blocks of " + listOf (sizes) + " frames");
}

ValidationCheck AudioChecks::randomBlockSizes (ValidationContext& context)
{
    constexpr int seed = 7;
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    plugin->prepare (sampleRate);
    auto audio = TestSignal::make (Kind::noise, sampleRate, 2 * (int) sampleRate);
    juce::Random random (seed);
    int numBlocks = 0;
    const auto values = plugin->getDefaultValues();

    // Half short blocks, as a DAW splits at automation points; half long.
    const auto plan = [&] (int, std::vector<float>& blockValues)
    {
        blockValues = values;
        ++numBlocks;
        return random.nextBool() ? 1 + random.nextInt (64) : 1 + random.nextInt (WorkerChannel::maxBlockSize);
    };

    if (auto failed = play (*plugin, audio, plan, "in blocks of random lengths (seed " + juce::String (seed) + ")"))
        return *failed;

    return ValidationCheck::pass ("finite output over 2 s in " + juce::String (numBlocks) + " blocks of 1 to 8192 frames (seed "
                                  + juce::String (seed) + ")");
}

ValidationCheck AudioChecks::signal (ValidationContext& context, TestSignal::Kind kind)
{
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    plugin->prepare (sampleRate);
    auto audio = TestSignal::make (kind, sampleRate, (int) sampleRate);
    const auto input = juce::String (TestSignal::describe (kind));

    if (auto failed = play (*plugin, audio, inBlocksOf (512, plugin->getDefaultValues()), "with " + input + " in"))
        return *failed;

    int numDenormals = 0;

    if (const auto denormal = TestSignal::findDenormal (audio, numDenormals))
        return ValidationCheck::warn (countOf (numDenormals, "denormal sample", "denormal samples") + " in the output for " + input + " in (the first in channel "
                                      + juce::String (denormal->channel + 1) + " at frame " + juce::String (denormal->frame)
                                      + "): flush them to zero, or they slow the plugin and every one after it");

    return ValidationCheck::pass ("finite output without denormals for 1 s of " + input);
}

ValidationCheck AudioChecks::parameterExtremes (ValidationContext& context)
{
    constexpr int mostChecked = 256;
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    const auto& specs = plugin->getInfo().parameters;
    const auto numChecked = juce::jmin ((int) specs.size(), mostChecked);

    for (int index = 0; index < numChecked; ++index)
    {
        const auto& spec = specs[(size_t) index];

        for (const auto& [value, name] : { std::pair { spec.minValue, "min" }, std::pair { spec.maxValue, "max" }, std::pair { spec.defaultValue, "default" } })
        {
            auto values = plugin->getDefaultValues();
            values[(size_t) index] = value;
            plugin->prepare (sampleRate);
            auto audio = TestSignal::make (Kind::noise, sampleRate, 2048);
            const auto where = "with " + spec.id + " at its " + name + " (" + describeValue (spec, value) + ")";

            if (auto failed = play (*plugin, audio, inBlocksOf (512, values), where))
                return *failed;
        }
    }

    if (specs.empty())
        return ValidationCheck::pass ("no parameters to set");

    return ValidationCheck::pass ("finite output with " + (numChecked == 1 ? juce::String ("the parameter") : "each of " + juce::String (numChecked) + " parameters")
                                  + " at its min, max and default"
                                  + (numChecked < (int) specs.size() ? " (the first " + juce::String (mostChecked) + ")" : juce::String()));
}

ValidationCheck AudioChecks::randomParameterValues (ValidationContext& context)
{
    constexpr int seed = 11;
    auto plugin = context.open();

    if (plugin == nullptr)
        return context.failToLoad();

    const auto& specs = plugin->getInfo().parameters;
    plugin->prepare (sampleRate);
    auto audio = TestSignal::make (Kind::noise, sampleRate, (int) sampleRate);
    juce::Random random (seed);

    const auto plan = [&] (int, std::vector<float>& values)
    {
        for (size_t index = 0; index < specs.size(); ++index)
            values[index] = pickValue (specs[index], random);

        return 256;
    };

    if (auto failed = play (*plugin, audio, plan, "with random values at each 256-frame block (seed " + juce::String (seed) + ")"))
        return *failed;

    return ValidationCheck::pass ("finite output over 1 s with every parameter at a random value each 256-frame block (seed "
                                  + juce::String (seed) + ")");
}

ValidationCheck AudioChecks::resetDeterminism (ValidationContext& context)
{
    const auto input = TestSignal::make (Kind::noise, sampleRate, (int) sampleRate / 2, 1);
    const auto other = TestSignal::make (Kind::noise, sampleRate, (int) sampleRate / 2, 2);
    std::vector<float> values;
    TestSignal::Residue residue;

    // In between: other audio, then reset(), so nothing of the first play
    // may be left when the same input comes again.
    const auto playOtherThenReset = [&] (PluginUnderTest& plugin)
    {
        auto audio = other;
        const auto result = plugin.process (audio, 512, plugin.getDefaultValues());
        plugin.reset();
        return result;
    };

    const auto plan = [] (int, std::vector<float>&)
    { return 512; };

    if (auto failed = playTwice (context, input, plan, plan, playOtherThenReset, residue))
        return *failed;

    if (residue.firstFrame < 0)
        return ValidationCheck::pass ("after reset() the same input gave the same output, sample for sample");

    if (isInaudible (residue))
        return ValidationCheck::pass ("after reset() the same input gave the same output within " + TestSignal::toDecibels (residue.peak));

    return ValidationCheck::fail ("after reset() the same input gave other output (residue peak " + TestSignal::toDecibels (residue.peak)
                                  + ", first difference at frame " + juce::String (residue.firstFrame)
                                  + "): reset() must clear every delay line, filter state and envelope");
}

ValidationCheck AudioChecks::blockSizeDependence (ValidationContext& context)
{
    const auto input = TestSignal::make (Kind::noise, sampleRate, (int) sampleRate);
    TestSignal::Residue residue;
    const auto small = [] (int, std::vector<float>&)
    { return 64; };
    const auto large = [] (int, std::vector<float>&)
    { return 4096; };

    const auto reset = [] (PluginUnderTest& plugin)
    {
        plugin.reset();
        return juce::Result::ok();
    };

    if (auto failed = playTwice (context, input, small, large, reset, residue))
        return *failed;

    if (isInaudible (residue))
        return ValidationCheck::pass ("64- and 4096-frame blocks give the same output"
                                      + (residue.firstFrame < 0 ? juce::String (", sample for sample") : " within " + TestSignal::toDecibels (residue.peak)));

    return ValidationCheck::warn ("64- and 4096-frame blocks give other output (residue peak " + TestSignal::toDecibels (residue.peak)
                                  + ", first difference at frame " + juce::String (residue.firstFrame)
                                  + "): smoothing or modulation per block sounds different at each buffer size");
}

} // namespace wavecraft
