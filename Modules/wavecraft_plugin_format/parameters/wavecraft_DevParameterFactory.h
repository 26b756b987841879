namespace wavecraft
{

/** Turns a dev library's parameter specs into JUCE parameters, and reads
    their plain values back: a `float` becomes a ranged float (with its unit),
    a `bool` a bool, an `enum` a choice of its variants (or of the numbers
    `min..max`). Each keeps the spec's id (version 1 of its ParameterID), so
    a DAW's automation and saved state follow the id.
*/
struct DevParameterFactory
{
    /** The JUCE parameter for `spec`. [any thread but the audio thread] */
    static std::unique_ptr<juce::RangedAudioParameter> create (const ParameterSpec& spec);

    /** The parameters grouped as the specs' `group` fields say, in the specs' order. */
    static juce::AudioProcessorParameterGroup createGroups (const std::vector<ParameterSpec>& specs);

    /** The plain value (as in the params JSON) a parameter made by create()
        holds for `spec`. [any thread, the audio thread included: no locks]
    */
    static float getPlainValue (const juce::RangedAudioParameter& parameter, const ParameterSpec& spec) noexcept;

    /** The plain value any JUCE parameter holds: a float's as it was most
        likely set (roundTripValue), another ranged one's in its range (a
        choice: its index), an unranged one's normalised value.
        [any thread, the audio thread included: no locks]
    */
    static float plainValueOf (const juce::AudioProcessorParameter& parameter) noexcept;

    /** Of the floats that `range` normalises as it does `plain`, the one
        that was most likely set: a value set in plain units (800 Hz by a
        host, a default) is stored normalised and comes back a few ulps off
        (799.99994); the one with the shortest mantissa is the one that was
        set. [any thread, the audio thread included]
    */
    static float roundTripValue (const juce::NormalisableRange<float>& range, float plain) noexcept;

    /** The normalised value for a plain one. [any thread] */
    static float toNormalised (const ParameterSpec& spec, float plainValue) noexcept;

    /** The plain value for a normalised one, linear in the spec's range (a
        bool's or enum's rounded to its step). [any thread]
    */
    static float fromNormalised (const ParameterSpec& spec, float normalised) noexcept;
};

} // namespace wavecraft
