namespace wavecraft
{

/** One check of a validation and what it found: a stable dotted id
    ("realtime.process"), pass, warn or fail, one line of detail, and the
    place in the plugin where the finding happened, when it has one.

    @see PluginValidator
*/
struct ValidationCheck
{
    enum class Result
    {
        pass,
        warn,
        fail
    };

    juce::String id;
    Result result = Result::pass;
    juce::String detail;
    std::vector<StackFrame> stack; /**< the plugin's own innermost frame first; empty when the finding has no place */
    double seconds = 0.0;          /**< how long the check ran */

    static ValidationCheck pass (juce::String detail) { return { {}, Result::pass, std::move (detail), {}, 0.0 }; }
    static ValidationCheck warn (juce::String detail) { return { {}, Result::warn, std::move (detail), {}, 0.0 }; }
    static ValidationCheck fail (juce::String detail, std::vector<StackFrame> stack = {})
    {
        return { {}, Result::fail, std::move (detail), std::move (stack), 0.0 };
    }

    /** "pass", "warn" or "fail". */
    static const char* getName (Result result) noexcept
    {
        switch (result)
        {
            case Result::pass: return "pass";
            case Result::warn: return "warn";
            case Result::fail: return "fail";
        }

        return "";
    }
};

} // namespace wavecraft
