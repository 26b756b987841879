namespace wavecraft
{

/** A hosted VST3's or LV2's parameters as the protocol's specs, from what
    each format declares:
    - the id: an LV2 control port's symbol or parameter's name, a VST3
      parameter's id as a decimal string;
    - LV2: the port's (or parameter's) plain minimum, maximum and default,
      its unit; toggled as `bool`; integer as `enum` of `min..max`, named by
      its scale points when it has one per value (enumeration);
    - VST3: a parameter of 2 steps as `bool`, of more as `enum` named by
      its value strings, any other as `float` from 0 to 1 (what VST3 shows
      a host) with its unit.

    A plain value v of a spec is the normalised (v - min) / (max - min), as
    JUCE's LV2 host ranges are linear and a VST3's steps are even
    (DevParameterFactory::toNormalised). The format's bypass is left out: the
    host bypasses by itself.
*/
struct FormatParameterSpecs
{
    std::vector<ParameterSpec> specs;
    std::vector<int> parameterIndices; /**< each spec's parameter in getParameters() */

    /** [message thread: a VST3's value strings are read there] */
    static FormatParameterSpecs describe (juce::AudioPluginInstance& instance, const FormatPluginLoader& loader);

    /** The most steps a VST3 parameter may have to be served as an enum. */
    static constexpr int maxEnumSteps = 128;
};

} // namespace wavecraft
