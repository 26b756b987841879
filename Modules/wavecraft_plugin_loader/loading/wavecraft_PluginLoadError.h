namespace wavecraft
{

/** Why a plugin library could not be loaded or its processor created.

    Every failure of the loader is one of these, never an exception or a crash;
    each maps to the Wavecraft protocol's diagnostic code for the audio status.
*/
struct PluginLoadError
{
    enum class Kind
    {
        none,
        fileMissing,         /**< no file at the path */
        copyFailed,          /**< the private copy could not be written */
        notALibrary,         /**< dlopen refused it; the message has its reason */
        symbolMissing,       /**< a params or free-string symbol is not exported */
        tableSymbolMissing,  /**< wavecraft_dev_create_processor is not exported */
        unsupportedVersion,  /**< the table's version is neither 1 nor 2 */
        invalidTable,        /**< a required function pointer in the table is NULL */
        invalidParameters,   /**< the params getter returned NULL or bad JSON */
        invalidProcessors,   /**< the processors getter returned bad JSON */
        createFailed,        /**< create() returned NULL */
        crashedInCreate,     /**< the plugin crashed in create() (an isolated load) */
        crashedWhileLoading, /**< the plugin crashed in dlopen or a JSON getter (an isolated load) */
        hungWhileLoading,    /**< the plugin did not come back from a call while loading (an isolated load) */
        workerFailed         /**< the child process to run the plugin in could not be started */
    };

    Kind kind = Kind::none;
    juce::String message; /**< what went wrong, and where */
    juce::String hint;    /**< what to do about it */

    /** What a program reads of a crash or hang while loading (Diagnostic::Fields: signal, call, ...). */
    juce::NamedValueSet faultFields;

    bool failed() const noexcept { return kind != Kind::none; }

    /** The Wavecraft protocol's diagnostic code for this failure. */
    DiagnosticCode getDiagnosticCode() const noexcept;

    /** This failure as an audio-status diagnostic. */
    Diagnostic toDiagnostic() const;

    /** create() in `file` returned NULL. */
    static PluginLoadError createReturnedNull (const juce::File& file);

    /** The params JSON of `file` is wrong; `reason` says where and how. */
    static PluginLoadError parametersInvalid (const juce::File& file, const juce::String& reason);

    /** One line: the message, then the hint. */
    juce::String describe() const { return toDiagnostic().describe(); }
};

} // namespace wavecraft
