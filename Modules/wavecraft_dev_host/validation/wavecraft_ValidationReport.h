namespace wavecraft
{

/** A validation's checks written out as the contract has them: one line per
    check on standard output, a JSON file, and a JUnit XML file (a warning is
    a passed case with its text in <system-out>).

    @see PluginValidator
*/
struct ValidationReport
{
    /** "PASS load.cold: loaded in 12.1 ms ...", "WARN ...", "FAIL ...". */
    static juce::String toLine (const ValidationCheck& check);

    /** "17 passed, 1 warned, 2 failed". */
    static juce::String summarize (const std::vector<ValidationCheck>& checks);

    /** {"plugin", "checks": [{"id", "result", "detail", "stack"?}], "passed", "warned", "failed"}. */
    static juce::String toJson (const juce::File& plugin, const std::vector<ValidationCheck>& checks);

    static juce::String toJunit (const juce::File& plugin, const std::vector<ValidationCheck>& checks);

    static int count (const std::vector<ValidationCheck>& checks, ValidationCheck::Result result);
};

} // namespace wavecraft
