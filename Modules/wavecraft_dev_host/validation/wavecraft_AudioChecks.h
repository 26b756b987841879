namespace wavecraft
{

/** The checks of what a plugin does to audio: at every sample rate and
    block size, with every kind of signal and parameter value, and whether
    reset() and the block size change its output. Each runs in a worker of
    its own (ValidationContext::open()).

    @see PluginValidator
*/
struct AudioChecks
{
    static ValidationCheck sampleRates (ValidationContext& context);
    static ValidationCheck fixedBlockSizes (ValidationContext& context);
    static ValidationCheck randomBlockSizes (ValidationContext& context);
    static ValidationCheck signal (ValidationContext& context, TestSignal::Kind kind);
    static ValidationCheck parameterExtremes (ValidationContext& context);
    static ValidationCheck randomParameterValues (ValidationContext& context);
    static ValidationCheck resetDeterminism (ValidationContext& context);
    static ValidationCheck blockSizeDependence (ValidationContext& context);

    /** The sample rate every check but sampleRates() runs at. */
    static constexpr double sampleRate = 48000.0;
};

} // namespace wavecraft
