namespace wavecraft
{

/** A VST3 or LV2 plugin presented as a Wavecraft dev library: a
    PluginLibrary whose processor table drives a JUCE-hosted instance of it
    (FormatPluginLoader), with its parameters described as specs
    (FormatParameterSpecs).

    So everything that runs a dev library runs these too, the same way: a
    plugin worker runs one supervised (its crash, hang or NaN named as a dev
    library's), DevPluginInstance serves it (parameters, state and audio
    cross the worker's shared memory), a rebuild is reloaded and
    cross-faded, the validator checks it.

    The table's calls, as the ABI has them:
    - create: a new instance (the first is the one made to read the specs);
    - set_sample_rate: prepares it at that rate, for blocks of up to
      maxBlockSize frames (only when the rate changes: an instance starts
      prepared at initialSampleRate);
    - apply_plain_values: each changed value to its parameter, as a host
      sets it (setValue, normalised);
    - process: the instance's processBlock, in place (a mono plugin takes
      the left channel, and its output goes to both);
    - reset: as the format resets, a VST3 by setActive off and on, an LV2
      by a new instance of the same state;
    - drop.
    Creating, preparing, resetting and dropping run on the message thread,
    which in a worker is a PluginMessageThread: a VST3 expects them there.

    The module installs load() as PluginLibrary's bundle loader, so
    PluginLibrary::load() of a .vst3 or LV2 bundle folder comes here.
*/
class FormatPluginLibrary
{
public:
    /** The plugin at `location` (a VST3 or LV2 bundle, or an LV2 URI), or
        why not. [any thread but the audio thread]
    */
    static PluginLoadResult load (const PluginLocation& location, PluginCallMarker* marker = nullptr);

    /** load() of a bundle folder: PluginLibrary's bundle loader. */
    static PluginLoadResult loadBundle (const juce::File& bundle, PluginCallMarker* marker);

    /** Makes ready for a load of `bundle`: the message thread, and the
        format (JUCE's LV2 format reads every installed plugin's data when
        it is made). PluginLibrary's bundle preparer, which a spare worker
        calls while it waits. [any thread but the audio thread]
    */
    static void prepareBundle (const juce::File& bundle);

    /** The largest block an instance is prepared for; longer ones are cut. */
    static constexpr int maxBlockSize = 8192;

    /** The rate an instance is made and prepared at, so that a host at this
        rate doesn't prepare it again in its first block.
    */
    static constexpr double initialSampleRate = 48000.0;

private:
    class Processor;
    struct Source;

    static void* create (const std::shared_ptr<Source>& source);
    static std::shared_ptr<PluginMessageThread>& getPreparedThread();
    static void process (void* processor, float** channels, uint32_t numChannels, uint32_t numSamples);
    static void applyPlainValues (void* processor, const float* values, size_t numValues);
    static void setSampleRate (void* processor, float sampleRate);
    static void reset (void* processor);
    static void drop (void* processor);
};

} // namespace wavecraft
