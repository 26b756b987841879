namespace wavecraft
{

namespace
{
    struct CheckSpec
    {
        const char* id;
        bool quick;
        std::function<ValidationCheck (ValidationContext&, const PluginInfo&)> run;
    };

    using Kind = TestSignal::Kind;

    const std::vector<CheckSpec>& getAudioChecks()
    {
        static const std::vector<CheckSpec> checks {
            { "load.warm", false, [] (ValidationContext& c, const PluginInfo&)
              { return ResourceChecks::warmLoad (c); } },
            { "params.json", true, [] (ValidationContext&, const PluginInfo& info)
              { return ResourceChecks::parameterSpecs (info); } },
            { "lifecycle.create_drop", false, [] (ValidationContext& c, const PluginInfo&)
              { return ResourceChecks::createAndDrop (c); } },
            { "samplerate.all", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::sampleRates (c); } },
            { "blocksize.fixed", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::fixedBlockSizes (c); } },
            { "blocksize.random", false, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::randomBlockSizes (c); } },
            { "signal.silence", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::signal (c, Kind::silence); } },
            { "signal.impulse", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::signal (c, Kind::impulse); } },
            { "signal.sine", false, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::signal (c, Kind::sine); } },
            { "signal.noise", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::signal (c, Kind::noise); } },
            { "params.extremes", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::parameterExtremes (c); } },
            { "params.random", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::randomParameterValues (c); } },
            { "reset.determinism", true, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::resetDeterminism (c); } },
            { "blocksize.dependence", false, [] (ValidationContext& c, const PluginInfo&)
              { return AudioChecks::blockSizeDependence (c); } },
            { "cpu.budget", false, [] (ValidationContext& c, const PluginInfo&)
              { return ResourceChecks::cpuBudget (c); } },
            { "cpu.denormals", false, [] (ValidationContext& c, const PluginInfo&)
              { return ResourceChecks::denormalSlowdown (c); } },
        };

        return checks;
    }

    /** The checks read from every worker's monitor at the end: which rules, in which call. */
    struct FindingsCheck
    {
        const char* id;
        const char* call; /**< null: any call */
        std::vector<RealtimeRule> rules;
        const char* what; /**< what a pass says was not found */
    };

    const std::vector<FindingsCheck>& getFindingsChecks()
    {
        using Rule = RealtimeRule;
        static const std::vector<Rule> realtimeRules { Rule::allocation, Rule::deallocation, Rule::lock, Rule::systemCall };
        static const std::vector<FindingsCheck> checks {
            { "realtime.process", "process", realtimeRules, "no allocation, free, lock or system call in process()" },
            { "realtime.apply_plain_values", "apply_plain_values", realtimeRules, "no allocation, free, lock or system call in apply_plain_values()" },
            { "realtime.reset", "reset", realtimeRules, "no allocation, free, lock or system call in reset()" },
            { "buffers.overrun", nullptr, { Rule::bufferOverrun }, "no write past the end of a channel's block" },
            { "buffers.underrun", nullptr, { Rule::bufferUnderrun }, "no write before the start of a channel's block" },
        };

        return checks;
    }

    ValidationCheck checkFindings (const FindingsCheck& spec, const ValidationContext& context)
    {
        std::vector<const RealtimeViolation*> found;

        for (const auto& violation : context.getViolations())
            if ((spec.call == nullptr || violation.call == spec.call)
                && std::find (spec.rules.begin(), spec.rules.end(), violation.rule) != spec.rules.end())
                found.push_back (&violation);

        // The place that broke the rule most often first.
        std::stable_sort (found.begin(), found.end(), [] (const auto* a, const auto* b)
                          { return a->count > b->count; });

        if (! found.empty())
        {
            const auto& first = *found.front();
            auto detail = RealtimeReport::describe (first) + " ("
                + (first.count == 1 ? juce::String ("once") : juce::String ((juce::int64) first.count) + " times") + ")";

            if (found.size() > 1)
                detail << "; and " << (int) found.size() - 1 << (found.size() == 2 ? " other place" : " other places");

            return ValidationCheck::fail (detail, first.stack);
        }

        if (context.getSecondsPlayed() <= 0.0)
            return ValidationCheck::warn ("nothing was played: no check that plays audio ran");

        if (! context.wasWatched())
            return ValidationCheck::warn ("not watched here: the real-time monitor needs Linux (system calls: on x86-64) and an ELF library");

        return ValidationCheck::pass (juce::String (spec.what) + " over " + juce::String (context.getSecondsPlayed(), 1)
                                      + " s of audio across all checks");
    }

    ValidationCheck timed (const char* id, const std::function<ValidationCheck()>& check)
    {
        const auto start = juce::Time::getMillisecondCounterHiRes();
        auto result = check();
        result.id = id;
        result.seconds = (juce::Time::getMillisecondCounterHiRes() - start) / 1000.0;
        result.detail = result.detail.replaceCharacters ("\r\n", "  ");
        return result;
    }
} // namespace

std::vector<ValidationCheck> PluginValidator::run (const juce::File& plugin, const Options& options)
{
    ValidationContext context (plugin, options.workerOptions, options.quick);
    std::vector<ValidationCheck> checks;
    const auto stopping = [&options]
    { return options.shouldStop != nullptr && options.shouldStop(); };
    const auto add = [&] (ValidationCheck check)
    {
        if (options.onCheck != nullptr)
            options.onCheck (check);

        checks.push_back (std::move (check));
    };

    PluginInfo info;
    add (timed ("load.cold", [&]
                { return ResourceChecks::coldLoad (context, info); }));

    if (checks.back().result == ValidationCheck::Result::fail)
        return checks;

    for (const auto& spec : getAudioChecks())
    {
        if (stopping())
            break; // what ran so far still goes through the monitor's checks

        if ((spec.quick || ! options.quick) && (options.onlyChecks.isEmpty() || options.onlyChecks.contains (spec.id)))
            add (timed (spec.id, [&]
                        { return spec.run (context, info); }));
    }

    for (const auto& spec : getFindingsChecks())
        add (timed (spec.id, [&]
                    { return checkFindings (spec, context); }));

    return checks;
}

juce::StringArray PluginValidator::getCheckIds (bool quick)
{
    juce::StringArray ids { "load.cold" };

    for (const auto& spec : getAudioChecks())
        if (spec.quick || ! quick)
            ids.add (spec.id);

    for (const auto& spec : getFindingsChecks())
        ids.add (spec.id);

    return ids;
}

} // namespace wavecraft
