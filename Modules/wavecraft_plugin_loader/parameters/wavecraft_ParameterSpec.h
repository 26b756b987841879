namespace wavecraft
{

/** The kinds of parameter a plugin can declare. */
enum class ParameterType
{
    floatType,
    boolType,
    enumType
};

/** The Wavecraft protocol's spelling: "float", "bool" or "enum". [any thread] */
juce::String toString (ParameterType type);

//==============================================================================
/** One parameter as the plugin declared it in its params JSON.

    Values are plain (in [minValue, maxValue]), never normalised. A bool is 0 or
    1; an enum is an integer index in [minValue, maxValue], named by `variants`
    when the plugin gave names.
*/
struct ParameterSpec
{
    juce::String id;
    juce::String name;
    ParameterType type = ParameterType::floatType;
    float defaultValue = 0.0f;
    float minValue = 0.0f;
    float maxValue = 1.0f;
    juce::String unit;  /**< empty when the plugin gave none */
    juce::String group; /**< empty when the plugin gave none */
    juce::StringArray variants;

    /** Ok if `value` is a value this parameter can take, or a failure whose
        message says which values it accepts. [any thread]
    */
    [[nodiscard]] juce::Result checkValue (double value) const;

    /** Says which values this parameter takes, e.g. "a number from 0 to 2". */
    juce::String describeAcceptedValues() const;

    /** Says what a person may type for it (see parseValue()), e.g. "Clean,
        Soft or Hard (or 0 to 2)".
    */
    juce::String describeAcceptedText() const;

    /** Reads a value typed by a person: a number, "true"/"false"/"on"/"off"
        for a bool, or a variant name for an enum. Ok, with `value` set, when
        it is a value this parameter can take; otherwise a failure whose
        message says which values it accepts. [any thread]
    */
    [[nodiscard]] juce::Result parseValue (const juce::String& text, float& value) const;

    /** The name `variants` gives an enum value (in [minValue, maxValue]),
        or "" when there is none. [any thread]
    */
    juce::String getVariantName (int value) const;

    /** Number of discrete values (2 for bool, max-min+1 for enum, 0 for float). */
    int getNumSteps() const noexcept;
};

} // namespace wavecraft
