namespace wavecraft
{

/** A juce::AudioProcessor's parameters as the protocol serves them: a
    ParameterStore of their specs and plain values, kept in step with the
    processor's own parameters both ways.

    - The specs are the ones a DevPluginInstance's library declared, or for
      any other processor what describe() makes of each parameter.
    - setValue() goes through the parameter's setValueNotifyingHost, in a
      change gesture, as an editor's control would: the processor, its
      listeners and its host all see it.
    - A change made elsewhere (the processor itself, its editor, a host's
      automation, a restored state) is found by a timer on the message
      thread, 60 times a second, and told to onProcessorChange.

    HostSession and AudioProcessorBackend serve their processors through
    one of these.

    @see ParameterStore, DevPluginInstance, AudioProcessorBackend
*/
class ProcessorParameters : private juce::Timer
{
public:
    /** The parameters of `processor`, which must outlive this; a
        DevPluginInstance's with its library's specs. [message thread]
    */
    explicit ProcessorParameters (juce::AudioProcessor& processor);
    ~ProcessorParameters() override;

    /** The served specs and values. The values are live; the list is fixed. [any thread] */
    const std::shared_ptr<ParameterStore>& getStore() const noexcept { return store; }

    /** Sets a parameter to a plain value that fits its spec. Returns the
        value it holds now (a stepped parameter snaps it), or nullopt when
        no parameter has that id. [any thread but the audio thread]
    */
    [[nodiscard]] std::optional<float> setValue (const juce::String& id, float plainValue);

    /** Told of a change the processor's side made, with the plain value.
        [message thread]
    */
    std::function<void (const juce::String& id, float plainValue)> onProcessorChange;

    /** The spec a JUCE parameter is served as: a bool as `bool`, a choice as
        `enum` of its names, an int as `enum` of `min..max`, any other ranged
        one as `float` with its plain range, default and unit (its label).
        [message thread]
    */
    static ParameterSpec describe (juce::AudioProcessorParameter& parameter, const juce::String& group);

    /** What describe() makes of each parameter of `processor`, with its id
        (see idOf()) and group, leaving out a hosted plugin's bypass;
        `served` gets the parameters, in the same order. [message thread]
    */
    static std::vector<ParameterSpec> describeParameters (juce::AudioProcessor& processor,
                                                          std::vector<juce::AudioProcessorParameter*>& served);

    /** The id a parameter is served with: a hosted LV2's port symbol (or
        parameter name), a hosted VST3's id, else "parameter_<index>".
    */
    static juce::String idOf (juce::AudioProcessorParameter& parameter, int index);

    /** The ranged parameter served with `id` (the same ids as the specs'),
        or null. [any thread but the audio thread]
    */
    static juce::RangedAudioParameter* findParameter (const juce::AudioProcessor& processor, const juce::String& id);

    /** How often changes on the processor's side are looked for. */
    static constexpr int pollHz = 60;

private:
    void timerCallback() override;
    float plainValueOf (size_t index) const noexcept;
    float normalisedOf (size_t index, float plainValue) const noexcept;
    float exactValueOf (size_t index, float expected) const noexcept;
    std::vector<ParameterSpec> describeAll (juce::AudioProcessor& processor);

    std::vector<juce::AudioProcessorParameter*> parameters; // in the served order
    bool specsFromLibrary = false;                          // a DevPluginInstance's: its plain values follow the specs
    std::shared_ptr<ParameterStore> store;
    std::unique_ptr<std::atomic<float>[]> lastSeen; // normalised, per parameter: what was last told

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ProcessorParameters)
};

} // namespace wavecraft
