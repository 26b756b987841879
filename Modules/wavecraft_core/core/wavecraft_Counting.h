namespace wavecraft
{

/** A count with its noun, as a person writes it: "1 parameter", "4 parameters",
    "0 parameters". [any thread]
*/
inline juce::String countOf (juce::int64 count, const char* singular, const char* plural)
{
    return juce::String (count) + " " + (count == 1 ? singular : plural);
}

} // namespace wavecraft
