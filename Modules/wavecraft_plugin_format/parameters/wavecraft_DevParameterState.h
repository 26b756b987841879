namespace wavecraft
{

/** A dev plugin's state as a JUCE host saves it (getStateInformation):
    every parameter's plain value by id, in XML. Kept by id, so a build
    whose list changed takes back every value it still has a parameter for.
*/
struct DevParameterState
{
    using Values = std::map<juce::String, float>;

    /** [any thread but the audio thread] */
    static void write (const Values& values, juce::MemoryBlock& destination);

    /** The values in `data`, or nullopt when it is not such a state. [any thread but the audio thread] */
    static std::optional<Values> read (const void* data, int sizeInBytes);
};

} // namespace wavecraft
