namespace wavecraft
{

/** The TypeScript files upstream's `wavecraft start` writes into a project's
    UI, byte for byte as its code generator (cli/src/project/ts_codegen.rs)
    writes them for the same parameters and processors, so a project run
    by either tool sees the same files:

    - `ui/src/generated/parameters.ts`: `@wavecraft/core`'s ParameterIdMap
      augmented with each parameter id and its value type;
    - `ui/src/generated/processors.ts`: the processor ids, as types and
      registered at run time.

    Only the ids and value types are written, sorted byte-wise, each once.
*/
struct TypeScriptCodegen
{
    /** The text of parameters.ts, or nothing with `error` set (an id the generator reserves). [any thread] */
    static std::optional<std::string> makeParameterTypes (const std::vector<ParameterSpec>& parameters, juce::String& error);

    /** The text of processors.ts, or nothing with `error` set. [any thread] */
    static std::optional<std::string> makeProcessorTypes (const juce::StringArray& processorIds, juce::String& error);

    /** Writes both under `uiFolder`/src/generated, each only when its text
        changed (a rewrite would make Vite reload the page for nothing).
        Returns what went wrong, or an empty string. [any thread]
    */
    static juce::String write (const juce::File& uiFolder, const std::vector<ParameterSpec>& parameters, const juce::StringArray& processorIds);

    /** `value` as a single-quoted TypeScript string, escaped as upstream does. [any thread] */
    static std::string quote (const juce::String& value);
};

} // namespace wavecraft
