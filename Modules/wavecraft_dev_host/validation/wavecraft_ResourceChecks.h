namespace wavecraft
{

/** The checks of what a plugin costs: its load, its parameters' specs, the
    memory and files a create/drop cycle leaves behind, its CPU per block
    against the real-time budget, and how much slower denormals make it.
    Each runs in a worker of its own (ValidationContext::open()).

    @see PluginValidator
*/
struct ResourceChecks
{
    /** The first load. Fills `info` when it loaded. */
    static ValidationCheck coldLoad (ValidationContext& context, PluginInfo& info);
    static ValidationCheck warmLoad (ValidationContext& context);
    static ValidationCheck parameterSpecs (const PluginInfo& info);
    static ValidationCheck createAndDrop (ValidationContext& context);
    static ValidationCheck cpuBudget (ValidationContext& context);
    static ValidationCheck denormalSlowdown (ValidationContext& context);

    static constexpr int createDropCycles = 100;

    /** What JUCE's VST3 and LV2 hosting may keep per instance before a
        hosted plugin's create/drop cycle counts as a leak.
    */
    static constexpr int hostingBytesPerCycle = 1536;
};

} // namespace wavecraft
